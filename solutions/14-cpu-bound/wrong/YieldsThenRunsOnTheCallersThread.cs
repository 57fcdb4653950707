namespace Katas.CpuBound;

// WRONG ANSWER: awaits Task.Yield() first, so the call returns at once, but the rest comes back to the caller's context: the CPU work still runs on the event loop.
public static class Checksum
{
    public static async Task<ulong> ComputeAsync(ReadOnlyMemory<byte> data, int chunkSize, ChunkHasher hashChunk,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        await Task.Yield();
        var hash = Fnv1a.Seed;
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = data.Span.Slice(offset, Math.Min(chunkSize, data.Length - offset));
            hash = hashChunk(hash, chunk);
            progress?.Report(offset + chunk.Length);
        }
        return hash;
    }
}
