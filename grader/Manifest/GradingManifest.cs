using System.Text.Json;
using System.Text.Json.Serialization;

namespace Katas.Grader.Manifest;

/// <summary>
/// What grading is measured against, generated from the reference run by <c>grader manifest</c> and committed as
/// <c>grader/manifest.json</c>: the katas in order with their points, the tests the reference passes, and a SHA-256
/// of every protected file. Grading reads only this file, so it works after a teacher deletes <c>solutions/</c>.
/// </summary>
public sealed record GradingManifest
{
    /// <summary>The version of this file's format.</summary>
    public const int CurrentSchema = 1;

    [JsonPropertyName("schema")] public int Schema { get; init; } = CurrentSchema;

    /// <summary>How the file is made (it is generated: never edit it by hand).</summary>
    [JsonPropertyName("generated_by")] public string GeneratedBy { get; init; } = "dotnet run --project grader -- manifest";

    /// <summary>Points of every kata, or null for one point per test (the default: whole numbers everywhere, also in Classroom).</summary>
    [JsonPropertyName("points_per_kata")] public double? PointsPerKata { get; init; }

    /// <summary>Files every kata depends on (the shared build settings, run settings and test harness): path to SHA-256.</summary>
    [JsonPropertyName("shared_files")] public SortedDictionary<string, string> SharedFiles { get; init; } = new(StringComparer.Ordinal);

    [JsonPropertyName("katas")] public List<ManifestKata> Katas { get; init; } = [];

    [JsonIgnore] public double TotalPoints => Katas.Sum(k => k.Points);

    public ManifestKata? Find(string id) => Katas.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.Ordinal));

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions).ReplaceLineEndings("\n") + "\n";

    /// <summary>Parses a manifest; throws <see cref="ManifestException"/> with a clear message when it is not one.</summary>
    public static GradingManifest Parse(string json, string where)
    {
        GradingManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<GradingManifest>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ManifestException($"the grading manifest {where} is corrupt ({e.Message}). Regenerate it: dotnet run --project grader -- manifest");
        }
        if (manifest is null || manifest.Katas.Count == 0 || manifest.Katas.Any(k => string.IsNullOrEmpty(k.Id) || k.Tests is null))
        {
            throw new ManifestException($"the grading manifest {where} is corrupt (no katas, or a kata without id or tests). Regenerate it: dotnet run --project grader -- manifest");
        }
        if (manifest.Schema != CurrentSchema)
        {
            throw new ManifestException($"the grading manifest {where} has schema {manifest.Schema}; this grader reads schema {CurrentSchema}.");
        }
        return manifest;
    }

    public static GradingManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ManifestException($"the grading manifest {path} is missing. Maintainers generate it with: dotnet run --project grader -- manifest");
        }
        return Parse(File.ReadAllText(path), path);
    }
}

/// <summary>One kata of the manifest.</summary>
public sealed record ManifestKata
{
    /// <summary>The folder name, e.g. <c>02-join</c>.</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    /// <summary>The project (and assembly) name, e.g. <c>Join</c>.</summary>
    [JsonPropertyName("project")] public string Project { get; init; } = "";

    /// <summary>The kata's points, shared equally among its tests.</summary>
    [JsonPropertyName("points")] public double Points { get; init; }

    /// <summary>The tests the reference passes (full names, sorted): the only tests that earn points.</summary>
    [JsonPropertyName("tests")] public List<string> Tests { get; init; } = [];

    /// <summary>The protected files (test sources, snapshots, the project file): path relative to the root to SHA-256.</summary>
    [JsonPropertyName("protected_files")] public SortedDictionary<string, string> ProtectedFiles { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The learner's files, by name (e.g. <c>Join.cs</c>): the only files of the kata's folder, besides the protected
    /// ones, that grading builds (in its clean room). Null in a manifest made before the clean room: then the
    /// kata folder's top-level non-test <c>*.cs</c> are taken.
    /// </summary>
    [JsonPropertyName("learner_files")] public List<string>? LearnerFiles { get; init; }

    /// <summary>The other files the template ships in the kata's folder (README, a benchmark): never built, never named as ignored.</summary>
    [JsonPropertyName("other_files")] public List<string>? OtherFiles { get; init; }

    /// <summary>The points one passing test earns.</summary>
    [JsonIgnore] public double PointsPerTest => Tests.Count == 0 ? 0 : Points / Tests.Count;
}

/// <summary>The manifest is missing or cannot be read.</summary>
public sealed class ManifestException(string message) : Exception(message);
