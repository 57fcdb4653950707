using System.Text.Json;
using System.Text.Json.Serialization;

namespace Katas.Grader.Mutation;

/// <summary>
/// A surviving mutant that no test can kill because it does not change what the contract promises, written down
/// beside the reference (<c>solutions/&lt;kata&gt;/equivalent-mutants.json</c>) with one line saying why. It is matched
/// by file, mutator, original and replacement code (not by line, which moves with every edit of the reference).
/// </summary>
public sealed record EquivalentMutant(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("mutator")] string Mutator,
    [property: JsonPropertyName("original")] string Original,
    [property: JsonPropertyName("replacement")] string Replacement,
    [property: JsonPropertyName("why")] string Why)
{
    public bool Matches(Mutant mutant) =>
        File == mutant.File && Mutator == mutant.Mutator
        && Normalize(Original) == Normalize(mutant.Original) && Normalize(Replacement) == Normalize(mutant.Replacement);

    private static string Normalize(string code) =>
        string.Join(' ', code.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The justified equivalents of a kata; none when the file does not exist.</summary>
    public static IReadOnlyList<EquivalentMutant> Load(string path)
    {
        if (!System.IO.File.Exists(path)) return [];
        var list = JsonSerializer.Deserialize<List<EquivalentMutant>>(System.IO.File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is not a JSON array of equivalent mutants.");
        var unjustified = list.FirstOrDefault(e => string.IsNullOrWhiteSpace(e.Why));
        if (unjustified is not null)
            throw new InvalidDataException($"{path}: the entry for `{unjustified.Original}` -> `{unjustified.Replacement}` says no why.");
        return list;
    }

    /// <summary>An entry ready to paste for a survivor, with the why left for the maintainer to write.</summary>
    public static EquivalentMutant Draft(Mutant mutant) =>
        new(mutant.File, mutant.Mutator, mutant.Original, mutant.Replacement, "");
}
