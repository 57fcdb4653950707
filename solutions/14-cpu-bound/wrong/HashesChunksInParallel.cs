namespace Katas.CpuBound;

// WRONG ANSWER: hashes the chunks in parallel on every core: FNV-1a folds the chunks in order, so the result is wrong (and the progress reports come in any order).
public static class Checksum
{
    public static Task<ulong> ComputeAsync(ReadOnlyMemory<byte> data, int chunkSize, ChunkHasher hashChunk,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        return Task.Run(() =>
        {
            var count = (data.Length + chunkSize - 1) / chunkSize;
            var partial = new ulong[count];
            long done = 0;
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var offset = i * chunkSize;
                var chunk = data.Span.Slice(offset, Math.Min(chunkSize, data.Length - offset));
                partial[i] = hashChunk(Fnv1a.Seed, chunk);
                progress?.Report(Interlocked.Add(ref done, chunk.Length));
            });
            var hash = Fnv1a.Seed;
            foreach (var p in partial) hash = (hash ^ p) * 1099511628211;
            return hash;
        }, cancellationToken);
    }
}
