using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Katas.Grader.Scoring;

namespace Katas.Grader.Output;

/// <summary>
/// <c>--format classroom</c>: one line per kata, <c>&lt;id&gt;=&lt;base64 JSON&gt;</c>, for <c>$GITHUB_OUTPUT</c>, in the
/// format <c>classroom-resources/autograding-grading-reporter@v1</c> reads from <c>&lt;ID&gt;_RESULTS</c>:
/// ids of letters and digits only, <c>tests</c> always present, <c>max_score</c> always set, status <c>fail</c>
/// when any test failed, every value well under 100 KB (long messages are cut).
/// </summary>
public static class ClassroomRenderer
{
    /// <summary>The most characters of one test's message (the reporter prints them; env variables have a limit).</summary>
    public const int MaxMessageChars = 1_000;

    /// <summary>A budget for one kata's encoded value, well under the 100 KB the reporter can receive.</summary>
    public const int MaxValueBytes = 60_000;

    public static string Render(GradeReport report)
    {
        var text = new StringBuilder();
        foreach (var kata in report.Katas)
        {
            text.Append(ClassroomId(kata.Id)).Append('=').Append(Encode(kata)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Letters and digits only: <c>02-join</c> → <c>kata02join</c>.</summary>
    public static string ClassroomId(string kataId) => new Repository.Kata(kataId, "x.csproj").ClassroomId;

    public static string Encode(KataGrade kata)
    {
        var messageLimit = MaxMessageChars;
        while (true)
        {
            var json = Json(kata, messageLimit).ToJsonString();
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
            if (encoded.Length <= MaxValueBytes || messageLimit <= 0) return encoded;
            messageLimit /= 2; // many tests with long messages: cut harder
        }
    }

    public static JsonObject Json(KataGrade kata, int messageLimit = MaxMessageChars)
    {
        var tests = new JsonArray();
        foreach (var test in kata.Tests)
        {
            // A pass reported by a host that then crashed or hung earns nothing: Classroom shows it as an error, with why.
            var counts = test.Status == TestStatus.Passed && kata.State is not (KataState.Crashed or KataState.TimedOut);
            var message = counts ? "" : test.Message;
            if (kata.Detail is not null && !counts && message.Length == 0) message = kata.Detail;
            tests.Add(new JsonObject
            {
                ["name"] = test.ShortName,
                ["status"] = test.Status switch { TestStatus.Passed when counts => "pass", TestStatus.Failed or TestStatus.Skipped => "fail", _ => "error" },
                ["score"] = Math.Round(test.Points, 4),
                ["message"] = Cut(message, messageLimit),
                ["test_code"] = $"dotnet test exercises/{kata.Id} --filter \"Name={test.ShortName}\"",
                ["filename"] = "",
                ["line_no"] = 0,
                ["duration"] = (long)Math.Round(test.Duration.TotalMilliseconds),
            });
        }
        var allPassed = kata.Tests.Count > 0 && kata.Tests.All(t => t.Status == TestStatus.Passed);
        return new JsonObject
        {
            ["version"] = 1,
            ["status"] = allPassed && kata.State == KataState.Passed ? "pass" : "fail",
            ["max_score"] = Math.Round(kata.MaxPoints, 4),
            ["tests"] = tests,
        };
    }

    private static string Cut(string text, int max)
    {
        if (max <= 0) return "";
        return text.Length <= max ? text : text[..max] + string.Create(CultureInfo.InvariantCulture, $" … ({text.Length - max} more characters: run the kata locally)");
    }
}
