using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;
using Katas.Grader.Verification;

namespace Katas.Grader.Tests;

/// <summary>The root README's grader sample is made from verify's own runs, and verify fails when the README shows another.</summary>
public class ReadmeSampleTests
{
    private static readonly GradingManifest Manifest = new()
    {
        Katas =
        [
            new ManifestKata { Id = "01-a", Project = "A", Points = 2, Tests = ["Katas.A.ATests.One", "Katas.A.ATests.Two"] },
            new ManifestKata { Id = "02-b", Project = "B", Points = 1, Tests = ["Katas.B.BTests.Three"] },
        ],
    };

    private static VariantRun Run(string project, TestOutcome outcome, params string[] names) =>
        new(null, [.. names.Select(n => new TestRecord($"/r/{project}.dll", n, outcome, TimeSpan.Zero,
            outcome == TestOutcome.Passed ? "" : "It failed at t=0 ms with NotImplementedException: the stub", ""))], null);

    private static readonly (Kata, VariantRun?)[] References =
    [
        (new Kata("01-a", "/r/exercises/01-a/A.csproj"), Run("A", TestOutcome.Passed, "Katas.A.ATests.One", "Katas.A.ATests.Two")),
        (new Kata("02-b", "/r/exercises/02-b/B.csproj"), Run("B", TestOutcome.Passed, "Katas.B.BTests.Three")),
    ];

    private static readonly (Kata, VariantRun)[] Stubs =
    [
        (new Kata("01-a", "/r/exercises/01-a/A.csproj"), Run("A", TestOutcome.Failed, "Katas.A.ATests.One", "Katas.A.ATests.Two")),
        (new Kata("02-b", "/r/exercises/02-b/B.csproj"), Run("B", TestOutcome.Failed, "Katas.B.BTests.Three")),
    ];

    [Test]
    public void The_sample_is_a_learner_who_finished_the_first_kata_and_nothing_else()
    {
        var sample = ReadmeSample.Render(Manifest, References, Stubs);

        Assert.That(sample, Does.Contain("01-a").And.Contain("2/2").And.Contain("passed"));
        Assert.That(sample, Does.Contain("Total: 2 / 3 points"));
        Assert.That(sample, Does.Contain("Next: 02-b").And.Contain("First failing test: Three").And.Contain("NotImplementedException"));
        Assert.That(sample!.Split('\n'), Has.All.Not.EndWith(" "), "no trailing spaces: a README's lines are compared as they are");
    }

    [Test]
    public void Without_the_first_katas_reference_there_is_no_sample()
    {
        Assert.That(ReadmeSample.Render(Manifest, [References[0] with { Item2 = null }, References[1]], Stubs), Is.Null);
    }

    [Test]
    public void The_sample_replaces_only_what_is_between_the_markers()
    {
        var readme = $"# Title\n\nbefore\n{ReadmeSample.Block.Begin}\n```\nold\n```\n{ReadmeSample.Block.End}\nafter\n";

        Assert.That(ReadmeSample.Block.With(readme, "new"),
            Is.EqualTo($"# Title\n\nbefore\n{ReadmeSample.Block.Begin}\n```\nnew\n```\n{ReadmeSample.Block.End}\nafter\n"));
        Assert.That(ReadmeSample.Block.With("# no markers\n", "new"), Is.Null);
    }

    [Test]
    public void Verify_fails_on_a_stale_sample_and_passes_on_the_current_one()
    {
        using var fixture = new FixtureRepository();
        var sample = ReadmeSample.Render(Manifest, References, Stubs)!;
        var stale = $"# Katas\n{ReadmeSample.Block.Begin}\n```\nTotal: 10 / 149 points (7 %)\n```\n{ReadmeSample.Block.End}\n";
        fixture.Write("README.md", stale);

        var check = ReadmeSample.Block.Verify(fixture.Repository, sample);
        Assert.That(check.Passed, Is.False);
        Assert.That(check.Detail, Does.Contain("verify --update-readme"));

        fixture.Write("README.md", ReadmeSample.Block.With(stale, sample)!);
        Assert.That(ReadmeSample.Block.Verify(fixture.Repository, sample).Passed, Is.True);
    }

    [Test]
    public void The_dotnet_test_sample_is_a_fresh_clone_with_the_first_declared_failing_test_of_the_first_kata()
    {
        var stubs = new (Kata, VariantRun)[]
        {
            // Two failures, the second declared first in the run's order: the manifest's (declaration) order decides.
            (Stubs[0].Item1, new VariantRun(null, [.. new[] { "Katas.A.ATests.Two", "Katas.A.ATests.One" }.Select(n =>
                new TestRecord("/r/A.dll", n, TestOutcome.Failed, TimeSpan.Zero, $"{n[^3..]} failed at t=0 ms\nmore lines", ""))], null)),
            Stubs[1],
        };

        var sample = CourseSample.Render(Manifest, stubs)!;

        Assert.That(sample, Does.Contain("01-a  0/2").And.Contain("02-b  0/1").And.Contain("0 of 3 tests pass"));
        Assert.That(sample, Does.Contain("First failing test: One").And.Contain("One failed at t=0 ms").And.Not.Contain("more lines"));
        Assert.That(sample.Split('\n'), Has.All.Not.EndWith(" "));
    }

    [Test]
    public void A_stub_that_did_not_compile_shows_as_not_run_in_the_dotnet_test_sample()
    {
        var sample = CourseSample.Render(Manifest, [Stubs[0], (Stubs[1].Item1, VariantRun.NotCompiled(new Running.CompileError("B.cs", 3, "CS1002", "; expected")))])!;

        Assert.That(sample, Does.Contain("02-b  did not run"));
    }

    [TestCase("Katas.HelloAsync.HelloAsyncTests.Greets_by_name_at_once(\"Ferris\")", "Greets_by_name_at_once(\"Ferris\")")]
    [TestCase("Katas.Join.JoinTests.Runs_both(\"a.b\",1.5)", "Runs_both(\"a.b\",1.5)")]
    [TestCase("Katas.Join.JoinTests.Runs_both", "Runs_both")]
    public void A_test_is_named_as_vstest_displays_it(string fullName, string displayed) =>
        Assert.That(CourseSample.DisplayName(fullName), Is.EqualTo(displayed));
}
