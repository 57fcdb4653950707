using Katas.Grader.Mutation;

namespace Katas.Grader.Tests;

/// <summary>`grader mutate` reads Stryker's JSON report (a real one, of 02-join's reference at Complete level) into a score.</summary>
public class MutationReportTests
{
    private static IReadOnlyList<Mutant> Report() => StrykerReport.Read(Golden.Path("stryker-02-join.json"));

    [Test]
    public void Counts_come_from_the_report_by_status()
    {
        var score = new MutationScore("02-join", Report(), []);
        Assert.Multiple(() =>
        {
            Assert.That(score.Mutants, Has.Count.EqualTo(18));
            Assert.That(score.Detected, Is.EqualTo(11), "killed or timed out");
            Assert.That(score.Undetected, Is.EqualTo(1), "survived or not covered");
            Assert.That(score.Invalid, Is.EqualTo(6), "compile errors and ignored mutants do not count");
            Assert.That(score.Percent, Is.EqualTo(100.0 * 11 / 12).Within(1e-9));
        });
    }

    [Test]
    public void A_mutant_carries_the_code_it_replaced_cut_from_the_reports_source()
    {
        var survivor = Report().Single(m => m.Status == "Survived");
        Assert.That(survivor, Has.Property(nameof(Mutant.File)).EqualTo("Join.cs")
            .And.Property(nameof(Mutant.Original)).EqualTo("ArgumentNullException.ThrowIfNull(operations);")
            .And.Property(nameof(Mutant.Replacement)).EqualTo(";")
            .And.Property(nameof(Mutant.Mutator)).EqualTo("Statement mutation"));
    }

    [Test]
    public void A_survivor_listed_as_equivalent_is_justified_not_unexplained()
    {
        var equivalent = new EquivalentMutant("Join.cs", "Statement mutation", "  ArgumentNullException.ThrowIfNull(operations);\n", ";",
            "why: a null list throws from the enumeration anyway");
        var score = new MutationScore("02-join", Report(), [equivalent]);
        Assert.Multiple(() =>
        {
            Assert.That(score.Justified, Has.Count.EqualTo(1), "leading and trailing whitespace and line breaks do not matter");
            Assert.That(score.Unexplained, Is.Empty);
            Assert.That(score.Stale, Is.Empty);
        });
    }

    [Test]
    public void A_mutant_no_test_ran_is_counted_apart_as_never_run_and_still_a_survivor()
    {
        var notCovered = Report().Single(m => m.Status == "Survived") with { Status = "NoCoverage" };
        var score = new MutationScore("02-join", [.. Report().Where(m => m.Status != "Survived"), notCovered], []);
        Assert.Multiple(() =>
        {
            Assert.That(score.NeverRun, Is.EqualTo(new[] { notCovered }));
            Assert.That(score.Unexplained, Is.EqualTo(new[] { notCovered }), "not run is not killed: it needs a test or a why");
            Assert.That(score.Percent, Is.EqualTo(100.0 * 11 / 12).Within(1e-9));
        });
    }

    [Test]
    public void An_entry_that_matches_no_survivor_is_stale()
    {
        var gone = new EquivalentMutant("Join.cs", "Statement mutation", "something.that.is.gone();", ";", "it was equivalent once");
        var score = new MutationScore("02-join", Report(), [gone]);
        Assert.Multiple(() =>
        {
            Assert.That(score.Stale, Is.EqualTo(new[] { gone }));
            Assert.That(score.Unexplained, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void An_equivalent_without_a_why_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"equivalents-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """[{ "file": "Join.cs", "mutator": "m", "original": "a", "replacement": "b", "why": " " }]""");
        try
        {
            Assert.That(() => EquivalentMutant.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("says no why"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void No_file_means_no_equivalents() =>
        Assert.That(EquivalentMutant.Load(Path.Combine(Path.GetTempPath(), "no-such-file.json")), Is.Empty);
}
