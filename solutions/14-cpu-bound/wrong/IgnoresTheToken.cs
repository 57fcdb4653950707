namespace Katas.CpuBound;

// WRONG ANSWER: never looks at the token: cancellation changes nothing, every chunk is hashed.
public static class Checksum
{
    public static Task<ulong> ComputeAsync(ReadOnlyMemory<byte> data, int chunkSize, ChunkHasher hashChunk,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        return Task.Run(() =>
        {
            var hash = Fnv1a.Seed;
            for (var offset = 0; offset < data.Length; offset += chunkSize)
            {
                var chunk = data.Span.Slice(offset, Math.Min(chunkSize, data.Length - offset));
                hash = hashChunk(hash, chunk);
                progress?.Report(offset + chunk.Length);
            }
            return hash;
        });
    }
}
