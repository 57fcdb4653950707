using System.Text;
using System.Text.Json;

namespace Katas.TestLogger;

/// <summary>One kata's run, as a learner needs it: how many tests pass, and the first one to fix.</summary>
/// <param name="FirstFailing">The first failing test as the tests file declares it, or null.</param>
/// <param name="Why">The first line of that test's message.</param>
public sealed record KataResult(int Passed, int Total, int Skipped, bool Aborted, string? FirstFailing, string? Why)
{
    public bool Finished => !Aborted && FirstFailing is null && Total > 0;

    /// <summary>Characters kept of the first failure's first line.</summary>
    private const int MaxMessageChars = 160;

    /// <summary>The first line of a test's message, cut to fit a line.</summary>
    public static string FirstLine(string? message)
    {
        var line = (message ?? "").Trim().Split('\n')[0].Trim();
        return line.Length <= MaxMessageChars ? line : line[..(MaxMessageChars - 1)] + "…";
    }

    public static string Command(string kata) => $"dotnet test {Path.Combine("exercises", kata)}";

    /// <summary>The kata's line in the course's table: <c>3/18</c>, <c>all 18</c>, <c>stopped</c>...</summary>
    public string Score => Aborted ? $"{Passed}/{(Total == 0 ? "?" : Total.ToString(System.Globalization.CultureInfo.InvariantCulture))}, then its run stopped (a crash or a hang)"
        : Finished ? $"all {Passed} pass{(Skipped > 0 ? $" ({Skipped} skipped on this system)" : "")}"
        : Total == 0 ? "no test ran"
        : $"{Passed}/{Total}";

    /// <summary>A few lines on one kata: what passes, the first failing test and why, and how to see every failure.</summary>
    public string Block(string kata)
    {
        var text = new StringBuilder().AppendLine();
        if (Aborted)
            text.AppendLine($"{kata}: the test run stopped before its end (a crash or a hang) after {Passed} passing tests. Run it alone to see why: {Command(kata)}");
        else if (FirstFailing is null && Total > 0)
            text.AppendLine($"{kata}: all {Passed} tests pass{(Skipped > 0 ? $" ({Skipped} skipped on this system)" : "")}.");
        else if (FirstFailing is null)
            text.AppendLine($"{kata}: no test ran.");
        else
        {
            text.AppendLine(Passed == 0
                ? $"{kata}: 0 of {Total} tests pass. Red is the start: make them green one at a time."
                : $"{kata}: {Passed} of {Total} tests pass.");
            text.AppendLine($"  First failing test: {FirstFailing}");
            text.AppendLine($"    {Why}");
            text.AppendLine($"  Every failure of this kata in full: {Command(kata)}");
        }
        return text.ToString();
    }

    /// <summary>Leaves the result in a course run's folder, whole or not at all (a reader never sees half a file).</summary>
    public void Save(string folder, string kata)
    {
        Directory.CreateDirectory(folder);
        var path = PathOf(folder, kata);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The kata's result in a course run's folder, or null when it left none (it did not build, or never ran).</summary>
    public static KataResult? Load(string folder, string kata)
    {
        var path = PathOf(folder, kata);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<KataResult>(File.ReadAllText(path)); }
        catch (JsonException) { return null; }
    }

    private static string PathOf(string folder, string kata) => Path.Combine(folder, kata + ".json");
}
