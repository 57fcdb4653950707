using Katas.Grader.Commands;
using System.Text;
using System.Text.Json;
using Katas.Grader.Output;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

public class RendererTests
{
    private static GradeReport Report(string longMessage = "expected t=100 ms, finished at t=150 ms")
    {
        var passed = new KataGrade("01-hello-async", KataState.Passed,
            [new TestGrade("Katas.Hello.T.Greets", TestStatus.Passed, "", TimeSpan.FromMilliseconds(12), 1, 1)], 1, 1, null, []);
        var inProgress = new KataGrade("02-join", KataState.InProgress,
        [
            new TestGrade("Katas.Join.T.A", TestStatus.Passed, "", TimeSpan.FromMilliseconds(3), 1, 1),
            new TestGrade("Katas.Join.T.B", TestStatus.Failed, longMessage, TimeSpan.FromMilliseconds(4), 0, 1),
        ], 1, 2, null, []);
        var broken = new KataGrade("03-select", KataState.DoesNotCompile,
            [new TestGrade("Katas.Select.T.A", TestStatus.Missing, "the kata does not compile", TimeSpan.Zero, 0, 1)], 0, 1,
            "exercises/03-select/Select.cs(3): error CS1002: ; expected", []);
        return new GradeReport([passed, inProgress, broken], "exercises");
    }

    private static Dictionary<string, JsonElement> Classroom(GradeReport report)
    {
        var result = new Dictionary<string, JsonElement>();
        foreach (var line in ClassroomRenderer.Render(report).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=');
            result[line[..equals]] = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(line[(equals + 1)..]))).RootElement;
        }
        return result;
    }

    private static string Table(GradeReport report)
    {
        var output = new StringWriter();
        TableRenderer.Render(report, Commands.GradeCommand.ConsoleFor(output, toTerminal: false));
        return output.ToString();
    }

    private static GradeReport OnlyThePassedKata() => new([Report().Katas[0]], "exercises");

    [Test]
    public void Grading_one_passed_kata_speaks_of_that_kata_and_names_the_next_in_the_course()
    {
        var table = Table(OnlyThePassedKata() with { IsPartial = true, NextInCourse = "02-join" });

        Assert.That(table, Does.Contain("01-hello-async passes.").And.Contain("Next in the course: 02-join")
            .And.Contain(LearnerCommand.Of("grade 02-join")));
        Assert.That(table, Does.Not.Contain("Every kata passes"));
    }

    [Test]
    public void Grading_one_passed_kata_when_every_other_passed_last_time_asks_for_a_whole_grade()
    {
        var table = Table(OnlyThePassedKata() with { IsPartial = true, NextInCourse = null });

        Assert.That(table, Does.Contain("Every other kata passed at its last grade").And.Not.Contain("Every kata passes"));
    }

    [Test]
    public void Only_a_whole_grade_says_every_kata_passes() =>
        Assert.That(Table(OnlyThePassedKata()), Does.Contain("Every kata passes. Well done!"));

    [Test]
    public void Classroom_shows_a_pass_reported_before_a_crash_as_an_error_worth_nothing()
    {
        var crashed = new KataGrade("02-join", KataState.Crashed,
        [
            new TestGrade("Katas.Join.T.A", TestStatus.Passed, "passed, but the test host did not end normally", TimeSpan.FromMilliseconds(3), 0, 1),
            new TestGrade("Katas.Join.T.B", TestStatus.Missing, "did not finish: the test host crashed", TimeSpan.Zero, 0, 1),
        ], 0, 2, "the test host died while running B.", []);

        var json = Classroom(new GradeReport([crashed], "exercises"))["kata02join"];

        var first = json.GetProperty("tests")[0];
        Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("error"));
        Assert.That(first.GetProperty("score").GetDouble(), Is.Zero);
        Assert.That(first.GetProperty("message").GetString(), Does.Contain("did not end normally"));
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("fail"));
    }

    [Test]
    public void Classroom_output_has_one_line_per_kata_with_ids_of_letters_and_digits_only()
    {
        var lines = ClassroomRenderer.Render(Report()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines.Select(l => l[..l.IndexOf('=')]), Is.EqualTo(new[] { "kata01helloasync", "kata02join", "kata03select" }));
    }

    [Test]
    public void Classroom_values_always_have_tests_and_max_score_and_fail_when_any_test_failed()
    {
        var values = Classroom(Report());

        foreach (var value in values.Values)
        {
            Assert.That(value.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(value.GetProperty("tests").ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(value.TryGetProperty("max_score", out _), Is.True);
        }
        Assert.That(values["kata01helloasync"].GetProperty("status").GetString(), Is.EqualTo("pass"));
        Assert.That(values["kata02join"].GetProperty("status").GetString(), Is.EqualTo("fail"));
        Assert.That(values["kata03select"].GetProperty("status").GetString(), Is.EqualTo("fail"));
        var tests = values["kata02join"].GetProperty("tests").EnumerateArray().ToList();
        Assert.That(tests.Sum(t => t.GetProperty("score").GetDouble()), Is.EqualTo(1));
        Assert.That(tests[1].GetProperty("message").GetString(), Does.Contain("finished at t=150 ms"));
        Assert.That(values["kata03select"].GetProperty("tests")[0].GetProperty("status").GetString(), Is.EqualTo("error"));
    }

    [Test]
    public void Classroom_values_stay_well_under_100_KB_whatever_the_messages()
    {
        var huge = new string('x', 10_000_000);
        var tests = Enumerable.Range(0, 200).Select(i => new TestGrade($"K.T.Test{i}", TestStatus.Failed, huge, TimeSpan.Zero, 0, 1)).ToList();
        var report = new GradeReport([new KataGrade("02-join", KataState.NotStarted, tests, 0, 200, null, [])], "exercises");

        var line = ClassroomRenderer.Render(report).TrimEnd('\n');

        Assert.That(line.Length, Is.LessThan(64_000));
        Assert.That(Classroom(report)["kata02join"].GetProperty("tests").GetArrayLength(), Is.EqualTo(200));
    }

    [Test]
    public void Json_output_is_versioned_and_has_tests_with_name_status_message_duration_points()
    {
        using var document = JsonDocument.Parse(JsonRenderer.Render(Report()));
        var root = document.RootElement;

        Assert.That(root.GetProperty("schema_version").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("points").GetDouble(), Is.EqualTo(2));
        Assert.That(root.GetProperty("max_points").GetDouble(), Is.EqualTo(4));
        var join = root.GetProperty("katas")[1];
        Assert.That(join.GetProperty("state").GetString(), Is.EqualTo("in_progress"));
        var test = join.GetProperty("tests")[1];
        Assert.That(test.GetProperty("name").GetString(), Is.EqualTo("Katas.Join.T.B"));
        Assert.That(test.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(test.GetProperty("message").GetString(), Does.Contain("t=150 ms"));
        Assert.That(test.GetProperty("duration_ms").GetDouble(), Is.EqualTo(4));
        Assert.That(test.GetProperty("points").GetDouble(), Is.Zero);
        Assert.That(root.GetProperty("katas")[2].GetProperty("detail").GetString(), Does.Contain("Select.cs(3)"));
        Assert.That(root.GetProperty("next").GetProperty("kata").GetString(), Is.EqualTo("02-join"));
    }

    [Test]
    public void Markdown_output_has_the_table_the_total_and_the_next_step()
    {
        var markdown = MarkdownRenderer.Render(Report());

        Assert.That(markdown, Does.Contain("| kata | tests | points | state | progress |"));
        Assert.That(markdown, Does.Contain("| `02-join` | 1/2 | 1/2 | 🟡 in progress |"));
        Assert.That(markdown, Does.Contain("**Total: 2 / 4 points**"));
        Assert.That(markdown, Does.Contain("**Next:** `02-join`, first failing test `B`"));
        Assert.That(markdown, Does.Contain("Select.cs(3): error CS1002"));
    }

    [Test]
    public void The_table_shows_every_kata_the_total_and_what_to_do_next()
    {
        var output = new StringWriter();
        TableRenderer.Render(Report(), Commands.GradeCommand.ConsoleFor(output, toTerminal: false));
        var text = output.ToString();

        Assert.That(text, Does.Contain("01-hello-async"));
        Assert.That(text, Does.Contain("does not compile"));
        Assert.That(text, Does.Contain("Total: 2 / 4 points"));
        Assert.That(text, Does.Contain("First failing test: B"));
        Assert.That(text, Does.Contain("finished at t=150 ms"));
        Assert.That(text, Does.Contain("dotnet test exercises/02-join"));
        Assert.That(text, Does.Contain(LearnerCommand.Of("hint 02-join")));
        Assert.That(text, Does.Not.Contain("\u001b["), "no colour codes when the output is not a terminal");
    }
    [Test]
    public void The_next_step_shows_the_diagnosis_and_timeline_without_NUnits_restatement_and_stack_trace()
    {
        const string message = "finished at t=150 ms, expected t=100 ms: were the operations awaited one after the other?\n\n" +
            "A |██████████|  0-100 ms\n\nAssert.That(outcome.CompletedAt, Is.EqualTo(Ms(100)))\n  Expected: 00:00:00.1000000\n  But was: 00:00:00.1500000\n   at Katas.Join.JoinTests.X()";

        var shown = NextStep.TeachingPart(message);

        Assert.That(shown, Does.StartWith("finished at t=150 ms").And.EndWith("0-100 ms"));
        Assert.That(NextStep.TeachingPart("Expected: 3\nBut was: 2"), Is.EqualTo("Expected: 3\nBut was: 2"), "a message that is only NUnit's is kept whole");
    }
}
