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
        var readme = $"# Title\n\nbefore\n{ReadmeSample.Begin}\n```\nold\n```\n{ReadmeSample.End}\nafter\n";

        Assert.That(ReadmeSample.WithSample(readme, "new"),
            Is.EqualTo($"# Title\n\nbefore\n{ReadmeSample.Begin}\n```\nnew\n```\n{ReadmeSample.End}\nafter\n"));
        Assert.That(ReadmeSample.WithSample("# no markers\n", "new"), Is.Null);
    }

    [Test]
    public void Verify_fails_on_a_stale_sample_and_passes_on_the_current_one()
    {
        using var fixture = new FixtureRepository();
        var sample = ReadmeSample.Render(Manifest, References, Stubs)!;
        var stale = $"# Katas\n{ReadmeSample.Begin}\n```\nTotal: 10 / 149 points (7 %)\n```\n{ReadmeSample.End}\n";
        fixture.Write("README.md", stale);

        var check = ReadmeSample.Verify(fixture.Repository, sample);
        Assert.That(check.Passed, Is.False);
        Assert.That(check.Detail, Does.Contain("verify --update-readme"));

        fixture.Write("README.md", ReadmeSample.WithSample(stale, sample)!);
        Assert.That(ReadmeSample.Verify(fixture.Repository, sample).Passed, Is.True);
    }
}
