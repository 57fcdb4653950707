using Katas.TestLogger;

namespace Katas.Grader.Tests;

/// <summary>
/// The end of a root <c>dotnet test</c> (exercises/Katas.TestLogger, printed by after.Katas.sln.targets): every kata in
/// course order, whatever order they finished in, the course's total, and the next thing to do.
/// </summary>
public class CourseSummaryTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("course-summary-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private void Ran(string kata, KataResult result) => result.Save(_folder, kata);

    private static KataResult Failing(int passed, int total, string test = "Runs_both_at_once", string why = "finished at t=150 ms, expected t=100 ms") =>
        new(passed, total, 0, false, test, why);

    private static readonly string[] Course = ["01-hello-async", "02-join", "03-select"];

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    [Test]
    public void Lists_every_kata_in_course_order_with_the_total_whatever_order_they_finished_in()
    {
        Ran("03-select", Failing(0, 13));
        Ran("01-hello-async", new KataResult(13, 13, 0, false, null, null));
        Ran("02-join", Failing(4, 18));

        var lines = Lines(CourseSummary.Render(_folder, Course));

        var table = lines.SkipWhile(l => l != "The course:").Skip(1).TakeWhile(l => l.Length > 0).ToArray();
        Assert.That(table, Is.EqualTo(new[]
        {
            "  01-hello-async  all 13 pass",
            "  02-join         4/18",
            "  03-select       0/13",
            "  total           17 of 44 tests pass",
        }));
    }

    [Test]
    public void Next_is_the_first_failing_test_of_the_first_unfinished_kata_with_the_command_that_shows_it_all()
    {
        Ran("01-hello-async", new KataResult(13, 13, 0, false, null, null));
        Ran("02-join", Failing(4, 18, "Runs_both_at_once", "finished at t=150 ms, expected t=100 ms"));
        Ran("03-select", Failing(0, 13, "Returns_the_first", "something else"));

        var text = CourseSummary.Render(_folder, Course);

        Assert.That(text, Does.Contain("Next: 02-join: 4 of 18 tests pass."));
        Assert.That(text, Does.Contain("First failing test: Runs_both_at_once"));
        Assert.That(text, Does.Contain("finished at t=150 ms, expected t=100 ms"));
        Assert.That(text, Does.Contain($"dotnet test {Path.Combine("exercises", "02-join")}"));
        Assert.That(text, Does.Not.Contain("Returns_the_first"), "only the next kata's failure is shown");
    }

    [Test]
    public void A_first_run_says_red_is_the_start()
    {
        foreach (var kata in Course) Ran(kata, Failing(0, 10));

        Assert.That(CourseSummary.Render(_folder, Course), Does.Contain("0 of 30 tests pass").And.Contain("Red is the start"));
    }

    [Test]
    public void A_kata_that_left_no_result_is_listed_as_not_run_and_is_next_when_it_comes_first()
    {
        Ran("01-hello-async", new KataResult(13, 13, 0, false, null, null));
        Ran("03-select", Failing(0, 13));

        var text = CourseSummary.Render(_folder, Course);

        Assert.That(text, Does.Contain("02-join         did not run: its build failed (the error is above)"));
        Assert.That(text, Does.Contain("13 of 26 tests pass (1 kata did not run)"));
        Assert.That(text, Does.Contain("Next: 02-join does not build."));
    }

    [Test]
    public void A_run_that_stopped_is_neither_finished_nor_silent()
    {
        Ran("01-hello-async", new KataResult(5, 13, 0, true, null, null));

        var text = CourseSummary.Render(_folder, ["01-hello-async"]);

        Assert.That(text, Does.Contain("5/13, then its run stopped (a crash or a hang)"));
        Assert.That(text, Does.Contain("Next: 01-hello-async: the test run stopped before its end"));
    }

    [Test]
    public void Every_kata_finished_is_the_end_of_the_course()
    {
        foreach (var kata in Course) Ran(kata, new KataResult(10, 10, 0, false, null, null));

        Assert.That(CourseSummary.Render(_folder, Course), Does.Contain("30 of 30 tests pass").And.Contain("Every kata passes. Well done!"));
    }

    [Test]
    public void The_katas_are_the_numbered_folders_holding_a_project_in_course_order()
    {
        foreach (var name in new[] { "02-join", "01-hello-async", "Katas.Testing", "03-notes" })
        {
            Directory.CreateDirectory(Path.Combine(_folder, name));
        }
        File.WriteAllText(Path.Combine(_folder, "02-join", "Join.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_folder, "01-hello-async", "HelloAsync.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_folder, "Katas.Testing", "Katas.Testing.csproj"), "<Project />");

        Assert.That(CourseSummary.Katas(_folder), Is.EqualTo(new[] { "01-hello-async", "02-join" }));
    }

    [Test]
    public void A_half_written_or_garbled_result_file_counts_as_no_result()
    {
        File.WriteAllText(Path.Combine(_folder, "01-hello-async.json"), "{ \"Passed\": 3, ");

        Assert.That(KataResult.Load(_folder, "01-hello-async"), Is.Null);
    }
}
