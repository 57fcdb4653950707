using System.Text.Json;
using System.Text.RegularExpressions;

namespace Katas.Grader.Repository;

/// <summary>One tier of hints: a <c>&lt;details&gt;&lt;summary&gt;Hint N: …&lt;/summary&gt; … &lt;/details&gt;</c> block of a kata's README.</summary>
public sealed record Hint(int Tier, string Title, string Body);

/// <summary>Reads a kata's hints from its README.</summary>
public static partial class Hints
{
    public static IReadOnlyList<Hint> Parse(string readme)
    {
        var hints = new List<Hint>();
        foreach (Match match in DetailsBlock().Matches(readme))
        {
            var title = StripTags(match.Groups["title"].Value).Trim();
            if (!title.StartsWith("Hint", StringComparison.OrdinalIgnoreCase)) continue;
            hints.Add(new Hint(hints.Count + 1, title, Dedent(match.Groups["body"].Value)));
        }
        return hints;
    }

    public static IReadOnlyList<Hint> OfKata(Kata kata)
    {
        var readme = Path.Combine(kata.Directory, "README.md");
        return File.Exists(readme) ? Parse(File.ReadAllText(readme)) : [];
    }

    private static string StripTags(string text) => Tag().Replace(text, "");

    private static string Dedent(string text)
    {
        var lines = text.Replace("\r", "").Split('\n').ToList();
        while (lines.Count > 0 && lines[0].Trim().Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"<details[^>]*>\s*<summary[^>]*>(?<title>.*?)</summary>(?<body>.*?)</details>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex DetailsBlock();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}

/// <summary>
/// The learner's local state, kept in the git-ignored <c>.grader/</c> folder of the repository: which hint tiers were
/// shown, and the last grade (for <c>list</c>).
/// </summary>
public sealed class LearnerState
{
    private readonly string _path;

    private LearnerState(string path, StateData data)
    {
        _path = path;
        Data = data;
    }

    public StateData Data { get; }

    public sealed class StateData
    {
        public Dictionary<string, int> HintsShown { get; set; } = new(StringComparer.Ordinal);
        public Dictionary<string, LastGrade> LastGrades { get; set; } = new(StringComparer.Ordinal);
        public DateTimeOffset? LastGradedAt { get; set; }
    }

    public sealed record LastGrade(string State, int Passed, int Total, double Points, double MaxPoints);

    public static LearnerState Load(KataRepository repository)
    {
        var path = Path.Combine(repository.StateDirectory, "state.json");
        StateData? data = null;
        if (File.Exists(path))
        {
            try { data = JsonSerializer.Deserialize<StateData>(File.ReadAllText(path)); }
            catch (JsonException) { data = null; } // a damaged state file only forgets the hints shown
        }
        return new LearnerState(path, data ?? new StateData());
    }

    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(Data, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, _path, overwrite: true);
    }
}
