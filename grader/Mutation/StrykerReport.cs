using System.Text.Json;

namespace Katas.Grader.Mutation;

/// <summary>
/// Reads Stryker's JSON report (the mutation-testing-elements schema): every mutant with its file, line, mutator,
/// the original code (cut from the report's copy of the source) and status. The counts come from here, not from the
/// console table, whose "survived" column over-counts.
/// </summary>
public static class StrykerReport
{
    public static IReadOnlyList<Mutant> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var mutants = new List<Mutant>();
        foreach (var file in document.RootElement.GetProperty("files").EnumerateObject())
        {
            var name = Path.GetFileName(file.Name);
            var source = file.Value.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "";
            var lines = source.Split('\n');
            foreach (var mutant in file.Value.GetProperty("mutants").EnumerateArray())
            {
                var location = mutant.GetProperty("location");
                var start = Position(location.GetProperty("start"));
                var end = Position(location.GetProperty("end"));
                mutants.Add(new Mutant(
                    name,
                    start.Line,
                    mutant.GetProperty("mutatorName").GetString() ?? "",
                    Cut(lines, start, end),
                    mutant.TryGetProperty("replacement", out var r) ? r.GetString() ?? "" : "",
                    mutant.GetProperty("status").GetString() ?? ""));
            }
        }
        return mutants.OrderBy(m => m.File, StringComparer.Ordinal).ThenBy(m => m.Line).ToList();
    }

    private static (int Line, int Column) Position(JsonElement element) =>
        (element.GetProperty("line").GetInt32(), element.GetProperty("column").GetInt32());

    /// <summary>The source text between two 1-based positions (the end column is exclusive).</summary>
    private static string Cut(string[] lines, (int Line, int Column) start, (int Line, int Column) end)
    {
        if (start.Line < 1 || end.Line > lines.Length || end.Line < start.Line) return "";
        var parts = new List<string>();
        for (var line = start.Line; line <= end.Line; line++)
        {
            var text = lines[line - 1].TrimEnd('\r');
            var from = line == start.Line ? Math.Clamp(start.Column - 1, 0, text.Length) : 0;
            var to = line == end.Line ? Math.Clamp(end.Column - 1, from, text.Length) : text.Length;
            parts.Add(text[from..to]);
        }
        return string.Join('\n', parts);
    }
}
