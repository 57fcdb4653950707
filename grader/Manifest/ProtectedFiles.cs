using System.Security.Cryptography;
using System.Text;
using Katas.Grader.Repository;

namespace Katas.Grader.Manifest;

/// <summary>
/// The files a learner must not change, and their fingerprints. A kata's protected files are its test sources
/// (<c>*Tests.cs</c>), its approved snapshots (<c>__snapshots__/*.snap</c>) and its project file; the shared ones are
/// the build settings, the run settings and the test harness. A fingerprint is the SHA-256 of the file's text with
/// line endings normalised to LF, so that a Windows checkout (autocrlf) fingerprints like a Linux one.
/// </summary>
public static class ProtectedFiles
{
    /// <summary>The protected files of a kata, as full paths, sorted.</summary>
    public static IReadOnlyList<string> OfKata(Kata kata)
    {
        var files = new List<string> { kata.ProjectPath };
        files.AddRange(Directory.EnumerateFiles(kata.Directory, "*Tests.cs", SearchOption.TopDirectoryOnly));
        var snapshots = Path.Combine(kata.Directory, "__snapshots__");
        if (Directory.Exists(snapshots)) files.AddRange(Directory.EnumerateFiles(snapshots, "*.snap", SearchOption.TopDirectoryOnly));
        return files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    /// <summary>The files every kata depends on, as full paths, sorted.</summary>
    public static IReadOnlyList<string> Shared(KataRepository repository)
    {
        var files = new List<string>
        {
            Path.Combine(repository.Root, "Directory.Build.props"),
            Path.Combine(repository.Root, "Directory.Packages.props"),
            Path.Combine(repository.Root, "global.json"),
            Path.Combine(repository.ExercisesDirectory, "Directory.Build.props"),
            Path.Combine(repository.ExercisesDirectory, "Directory.Build.targets"),
            repository.RunSettingsPath,
        };
        var harness = Path.Combine(repository.ExercisesDirectory, "Katas.Testing");
        if (Directory.Exists(harness))
        {
            files.AddRange(Directory.EnumerateFiles(harness, "*.cs", SearchOption.TopDirectoryOnly));
            files.AddRange(Directory.EnumerateFiles(harness, "*.csproj", SearchOption.TopDirectoryOnly));
        }
        return files.Where(File.Exists).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    /// <summary>Fingerprints of files, keyed by path relative to the repository root.</summary>
    public static SortedDictionary<string, string> Fingerprint(KataRepository repository, IEnumerable<string> files)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files) result[repository.Relative(file)] = Sha256(file);
        return result;
    }

    /// <summary>SHA-256 (lower-case hex) of a file's text with CRLF and CR normalised to LF.</summary>
    public static string Sha256(string path) => Sha256(File.ReadAllBytes(path));

    /// <summary>SHA-256 (lower-case hex) of a file's bytes with CRLF and CR normalised to LF.</summary>
    public static string Sha256(byte[] bytes)
    {
        var normalized = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\r')
            {
                normalized.Add((byte)'\n');
                if (i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n') i++;
                continue;
            }
            normalized.Add(bytes[i]);
        }
        return Convert.ToHexStringLower(SHA256.HashData(normalized.ToArray()));
    }

    /// <summary>SHA-256 of text, as <see cref="Sha256(string)"/> computes it for a file holding that text (UTF-8).</summary>
    public static string Sha256OfText(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))));

    /// <summary>
    /// Compares the files on disk with the fingerprints: the protected files that differ or are missing, and test
    /// files that the manifest does not know (a new <c>*Tests.cs</c> or snapshot). Empty when nothing was changed.
    /// </summary>
    public static IReadOnlyList<string> Changed(KataRepository repository, IReadOnlyDictionary<string, string> expected, IEnumerable<string> present)
    {
        var changes = new List<string>();
        foreach (var (relative, hash) in expected)
        {
            var full = Path.Combine(repository.Root, relative);
            if (!File.Exists(full)) changes.Add($"{relative} (deleted)");
            else if (!string.Equals(Sha256(full), hash, StringComparison.OrdinalIgnoreCase)) changes.Add($"{relative} (changed)");
        }
        foreach (var file in present)
        {
            var relative = repository.Relative(file);
            if (!expected.ContainsKey(relative)) changes.Add($"{relative} (added)");
        }
        return changes;
    }
}
