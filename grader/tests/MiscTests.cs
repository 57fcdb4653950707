using Katas.Grader.Commands;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

public class HintTests
{
    [Test]
    public void Hints_are_the_details_blocks_whose_summary_starts_with_Hint_in_order()
    {
        const string readme = """
            # 02 · Join
            <details><summary>Why fake time?</summary>Not a hint.</details>

            <details>
            <summary>Hint 1: what runs at once</summary>

              Start both before awaiting either.

            </details>
            <details><summary><b>Hint 2: the API</b></summary>
            `Task.WhenAll`
            </details>
            """;

        var hints = Hints.Parse(readme);

        Assert.That(hints.Select(h => h.Title), Is.EqualTo(new[] { "Hint 1: what runs at once", "Hint 2: the API" }));
        Assert.That(hints[0].Body, Is.EqualTo("Start both before awaiting either."));
        Assert.That(hints[1].Tier, Is.EqualTo(2));
    }
}

public class BuildOutputTests
{
    [Test]
    public void The_first_error_per_project_is_read_from_msbuild_output()
    {
        var root = Path.GetFullPath("/repo");
        var project = Path.Combine(root, "exercises", "02-join", "Join.csproj");
        var join = Path.Combine(root, "exercises", "02-join", "Join.cs");
        var timeout = Path.Combine(root, "exercises", "07-timeout", "TimeLimit.csproj");
        var output = string.Join("\n",
            "  Join -> somewhere",
            $"{join}(12,5): error CS1002: ; expected [{project}]",
            $"{join}(20,1): error CS1513: }} expected [{project}]",
            $"{Path.Combine(root, "exercises", "Directory.Build.targets")}(31,5): error : 07-timeout: there is no wrong answer at x. [{timeout}::KataSource=wrong/X]");

        var errors = TraversalBuild.ParseConsoleErrors(output, root);

        Assert.That(errors[project].ToString(), Is.EqualTo("exercises/02-join/Join.cs(12): error CS1002: ; expected"));
        Assert.That(errors[timeout].Message, Does.Contain("there is no wrong answer"));
    }

    [Test]
    public void The_first_compiler_error_is_read_from_the_sarif_log()
    {
        var directory = Directory.CreateTempSubdirectory("grader-sarif-");
        try
        {
            var file = new Uri(Path.Combine(directory.FullName, "exercises", "02-join", "Join.cs")).AbsoluteUri;
            var sarif = Path.Combine(directory.FullName, "x.sarif");
            File.WriteAllText(sarif, """
                {"version":"2.1.0","runs":[{"results":[
                  {"ruleId":"CA2016","level":"warning","message":{"text":"pass the token"}},
                  {"ruleId":"CS0103","level":"error","message":{"text":"The name 'x' does not exist in the current context"},
                   "locations":[{"physicalLocation":{"artifactLocation":{"uri":"FILE_URI"},"region":{"startLine":7,"startColumn":9}}}]}
                ]}]}
                """.Replace("FILE_URI", file, StringComparison.Ordinal));

            var error = TraversalBuild.FirstSarifError(sarif, directory.FullName);

            Assert.That(error!.ToString(), Is.EqualTo("exercises/02-join/Join.cs(7): error CS0103: The name 'x' does not exist in the current context"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void The_traversal_project_restores_each_project_once_and_builds_each_variant()
    {
        var project = Path.GetFullPath("/repo/exercises/02-join/Join.csproj");
        var text = TraversalBuild.TraversalProject([new Variant(project, null), new Variant(project, "solutions"), new Variant(project, "wrong/A&B")]);

        Assert.That(text.Split("RestoreGraphProjectInputItems Include").Length - 1, Is.EqualTo(1));
        Assert.That(text, Does.Contain("AdditionalProperties=\"KataSource=solutions\""));
        Assert.That(text, Does.Contain("KataSource=wrong/A&amp;B"));
        Assert.That(text, Does.Contain("BuildInParallel=\"true\""));
    }

    [Test]
    public void A_variants_pivot_matches_the_artifacts_folder()
    {
        Assert.That(new Variant("/r/Join.csproj", "wrong/AwaitsSequentially").Pivot, Is.EqualTo("debug_wrong-awaitssequentially"));
        Assert.That(new Variant("/r/Join.csproj", null).Pivot, Is.EqualTo("debug_exercises"));
        Assert.That(new Kata("02-join", "/r/Join.csproj").ClassroomId, Is.EqualTo("kata02join"));
    }
}

public class GradebookTests
{
    [Test]
    public void The_gradebook_has_a_row_per_student_a_column_per_kata_and_the_total()
    {
        var manifest = new GradingManifest { Katas = [new ManifestKata { Id = "01-a", Points = 2, Tests = ["x", "y"] }, new ManifestKata { Id = "02-b", Points = 1, Tests = ["z"] }] };
        var alice = new GradeReport([new KataGrade("01-a", KataState.Passed, [], 2, 2, null, []), new KataGrade("02-b", KataState.TestsModified, [], 0, 1, "x", [])], "exercises");

        var commit = new GradedCommit(new string('a', 40), "2026-11-20T10:00:00+01:00", Uncommitted: false);
        var csv = BatchGrading.Gradebook(manifest, [new("alice", commit, alice, null), new("bob, jr", commit with { Uncommitted = true }, null, "clone is broken")]);

        Assert.That(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "student,commit,committed_at,01-a,02-b,total,max,notes",
            $"alice,{commit.Id},2026-11-20T10:00:00+01:00,2,0,2,3,02-b: tests modified",
            $"\"bob, jr\",{commit.Id},2026-11-20T10:00:00+01:00,,,,3,uncommitted changes were graded too; clone is broken",
        }));
    }
}

public class ChangeDetectorTests
{
    [Test]
    public void Only_sources_outside_build_folders_are_watched()
    {
        Assert.That(ChangeDetector.IsWatched("/r/exercises/02-join/Join.cs"), Is.True);
        Assert.That(ChangeDetector.IsWatched("/r/exercises/02-join/Join.csproj"), Is.True);
        Assert.That(ChangeDetector.IsWatched("/r/exercises/02-join/README.md"), Is.False);
        Assert.That(ChangeDetector.IsWatched("/r/exercises/02-join/__snapshots__/__mismatch__/A.snap"), Is.False);
        Assert.That(ChangeDetector.IsWatched("/r/exercises/02-join/obj/Join.AssemblyInfo.cs"), Is.False);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_saved_file_is_noticed_by_events_or_by_polling(bool pollOnly)
    {
        var directory = Directory.CreateTempSubdirectory("grader-watch-");
        try
        {
            var file = Path.Combine(directory.FullName, "Join.cs");
            File.WriteAllText(file, "class A {}");
            using var detector = new ChangeDetector(directory.FullName, pollOnly, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));

            var change = detector.WaitForChangeAsync(bound.Token);
            File.WriteAllText(file, "class A { int x; }");
            await change;

            Assert.That(change.IsCompletedSuccessfully, Is.True);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_change_to_a_file_that_is_not_watched_does_not_wake_it()
    {
        var directory = Directory.CreateTempSubdirectory("grader-watch-");
        try
        {
            using var detector = new ChangeDetector(directory.FullName, pollOnly: true, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20));
            using var bound = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            File.WriteAllText(Path.Combine(directory.FullName, "README.md"), "notes");

            Assert.That(async () => await detector.WaitForChangeAsync(bound.Token), Throws.InstanceOf<OperationCanceledException>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

public class WaveTests
{
    [Test]
    public void Two_builds_of_one_project_never_share_a_test_run()
    {
        var waves = TestRunner.Waves([
            "/a/bin/Join/debug_exercises/Join.dll", "/a/bin/Join/debug_solutions/Join.dll", "/a/bin/Select/debug_exercises/Select.dll",
            "/a/bin/Join/debug_wrong-x/Join.dll", "/a/bin/Select/debug_solutions/Select.dll",
        ]);

        Assert.That(waves, Has.Count.EqualTo(3));
        Assert.That(waves[0], Is.EqualTo(new[] { "/a/bin/Join/debug_exercises/Join.dll", "/a/bin/Select/debug_exercises/Select.dll" }));
        Assert.That(waves.All(w => w.Select(Path.GetFileName).Distinct().Count() == w.Count), Is.True);
    }
}
