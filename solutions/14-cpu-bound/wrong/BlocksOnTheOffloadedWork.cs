namespace Katas.CpuBound;

// WRONG ANSWER: offloads the work with Task.Run, then blocks the caller's thread on it with .Result: the event loop is frozen anyway (sync over async).
public static class Checksum
{
    public static Task<ulong> ComputeAsync(ReadOnlyMemory<byte> data, int chunkSize, ChunkHasher hashChunk,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var work = Task.Run(() =>
        {
            var hash = Fnv1a.Seed;
            for (var offset = 0; offset < data.Length; offset += chunkSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = data.Span.Slice(offset, Math.Min(chunkSize, data.Length - offset));
                hash = hashChunk(hash, chunk);
                progress?.Report(offset + chunk.Length);
            }
            return hash;
        }, cancellationToken);
        return Task.FromResult(work.Result);
    }
}
