namespace Katas.CpuBound;

/// <summary>
/// Hashes one chunk of bytes into a running hash: the CPU-heavy part, with no waiting in it.
/// A chunk of a megabyte keeps a core busy for about a millisecond.
/// </summary>
/// <param name="hash">The hash of everything before this chunk (<see cref="Fnv1a.Seed"/> at the start).</param>
/// <param name="chunk">The next bytes.</param>
/// <returns>The hash of everything up to the end of this chunk.</returns>
public delegate ulong ChunkHasher(ulong hash, ReadOnlySpan<byte> chunk);

/// <summary>
/// The 64-bit FNV-1a hash, folded one chunk at a time: hashing the data in chunks, in order, gives the
/// same result as hashing it in one go. <see cref="Hash"/> is a <see cref="ChunkHasher"/>.
/// </summary>
public static class Fnv1a
{
    /// <summary>The hash of no bytes at all: where every hash starts.</summary>
    public const ulong Seed = 14695981039346656037;

    private const ulong Prime = 1099511628211;

    /// <summary>Folds <paramref name="chunk"/> into <paramref name="hash"/>.</summary>
    public static ulong Hash(ulong hash, ReadOnlySpan<byte> chunk)
    {
        foreach (var b in chunk)
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }
}
