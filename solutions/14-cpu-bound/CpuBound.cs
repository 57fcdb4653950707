namespace Katas.CpuBound;

/// <summary>
/// Computes a checksum of a large buffer: pure CPU work, done in chunks, off the caller's thread, so that
/// the caller's single thread (a UI thread, an event loop) stays responsive while it runs.
/// </summary>
public static class Checksum
{
    /// <summary>
    /// Hashes <paramref name="data"/> chunk by chunk, in order, with <paramref name="hashChunk"/>, starting
    /// from <see cref="Fnv1a.Seed"/>, on a thread-pool thread: the call returns at once with a running task.
    /// </summary>
    /// <param name="data">The bytes to hash.</param>
    /// <param name="chunkSize">Bytes per chunk (the last chunk may be shorter); at least 1.</param>
    /// <param name="hashChunk">Hashes one chunk: pass <see cref="Fnv1a.Hash"/> (the tests pass a probe that watches each chunk).</param>
    /// <param name="progress">Told, after each chunk, how many bytes have been hashed so far; may be null.</param>
    /// <param name="cancellationToken">Checked between chunks: the work stops before the next chunk.</param>
    /// <returns>The hash of all of <paramref name="data"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is less than 1.</exception>
    /// <exception cref="OperationCanceledException">
    /// The token was cancelled before the last chunk. The task then ends <see cref="TaskStatus.Canceled"/> (not
    /// Faulted), and the exception carries <paramref name="cancellationToken"/>: the way
    /// <c>Task.Run(work, cancellationToken)</c> ends when the work calls
    /// <c>cancellationToken.ThrowIfCancellationRequested()</c>.
    /// </exception>
    public static Task<ulong> ComputeAsync(ReadOnlyMemory<byte> data, int chunkSize, ChunkHasher hashChunk,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        // Usage errors are thrown by the call itself, before any work starts.
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentNullException.ThrowIfNull(hashChunk);

        // Task.Run queues the loop to the thread pool and returns at once: the caller's thread is free.
        // With the token, a token cancelled before the work starts ends the task cancelled without running it.
        return Task.Run(() => HashInChunks(data, chunkSize, hashChunk, progress, cancellationToken), cancellationToken);
    }

    /// <summary>The CPU-bound loop: synchronous on purpose, it runs on a pool thread.</summary>
    private static ulong HashInChunks(ReadOnlyMemory<byte> data, int chunkSize, ChunkHasher hashChunk,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var hash = Fnv1a.Seed;
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            // CPU work cannot be interrupted: cancellation is cooperative, checked between chunks.
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = data.Span.Slice(offset, Math.Min(chunkSize, data.Length - offset));
            hash = hashChunk(hash, chunk);
            // From the worker thread: a Progress<T> created on the caller's thread posts the report back there.
            progress?.Report(offset + chunk.Length);
        }
        return hash;
    }
}
