namespace Katas.CpuBound;

// WRONG ANSWER: an async method with no await: it runs synchronously, on the caller's thread, to the end before returning (warning CS1998).
public static class Checksum
{
    public static async Task<ulong> ComputeAsync(ReadOnlyMemory<byte> data, int chunkSize, ChunkHasher hashChunk,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
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
