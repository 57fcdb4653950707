using System.Text.Json;
using System.Text.Json.Nodes;
using Katas.Grader.Scoring;

namespace Katas.Grader.Output;

/// <summary>
/// <c>--format json</c>: the grade as a documented, versioned JSON document (schema in grader/README.md).
/// Fields are only ever added within a schema version; a change of meaning bumps <c>schema_version</c>.
/// </summary>
public static class JsonRenderer
{
    public const int SchemaVersion = 1;

    public static string Render(GradeReport report)
    {
        var next = NextStep.Of(report);
        var root = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["source"] = report.Source,
            ["points"] = Round(report.Points),
            ["max_points"] = Round(report.MaxPoints),
            ["katas"] = new JsonArray(report.Katas.Select(Kata).ToArray<JsonNode?>()),
            ["next"] = next is null ? null : new JsonObject
            {
                ["kata"] = next.KataId,
                ["test"] = next.FailingTest,
                ["message"] = next.Why,
                ["run_command"] = next.RunCommand,
                ["grade_command"] = next.GradeCommand,
                ["hint_command"] = next.HintCommand,
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonObject Kata(KataGrade kata) => new()
    {
        ["id"] = kata.Id,
        ["state"] = kata.State.Code(),
        ["points"] = Round(kata.Points),
        ["max_points"] = Round(kata.MaxPoints),
        ["tests_passed"] = kata.PassedCount,
        ["tests_total"] = kata.TotalCount,
        ["detail"] = kata.Detail,
        ["tests"] = new JsonArray(kata.Tests.Select(t => (JsonNode?)new JsonObject
        {
            ["name"] = t.Name,
            ["short_name"] = t.ShortName,
            ["status"] = t.Status switch { TestStatus.Passed => "passed", TestStatus.Failed => "failed", TestStatus.Skipped => "skipped", _ => "missing" },
            ["message"] = t.Message,
            ["duration_ms"] = Math.Round(t.Duration.TotalMilliseconds, 1),
            ["points"] = Round(t.Points),
            ["max_points"] = Round(t.MaxPoints),
        }).ToArray()),
        ["unknown_tests"] = new JsonArray(kata.UnknownTests.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        ["ignored"] = new JsonArray(kata.Ignored.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
    };

    private static double Round(double value) => Math.Round(value, 4);
}
