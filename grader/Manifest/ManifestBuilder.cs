using Katas.Grader.CleanRoom;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;

namespace Katas.Grader.Manifest;

/// <summary>Builds the manifest from the reference run and the protected files on disk.</summary>
public static class ManifestBuilder
{
    /// <summary>
    /// The tests a manifest lists for a kata: those its reference passes, and those that skip themselves where they cannot
    /// run (kata 09's Ctrl+C test in a shell that ignores SIGINT): the manifest is the same wherever it is made.
    /// </summary>
    public static IEnumerable<string> ReferenceTests(VariantRun reference) =>
        reference.Tests.Where(t => t.Outcome is TestOutcome.Passed or TestOutcome.Skipped).Select(t => t.FullName).Distinct(StringComparer.Ordinal);

    public static GradingManifest Build(KataRepository repository, IEnumerable<(Kata Kata, VariantRun Reference)> katas, double? pointsPerKata)
    {
        var list = new List<ManifestKata>();
        foreach (var (kata, reference) in katas.OrderBy(k => k.Kata.Id, StringComparer.Ordinal))
        {
            var tests = DeclarationOrder.Sort(kata, ReferenceTests(reference));
            list.Add(new ManifestKata
            {
                Id = kata.Id,
                Project = kata.ProjectName,
                Points = pointsPerKata ?? tests.Count,
                Tests = tests,
                ProtectedFiles = ProtectedFiles.Fingerprint(repository, ProtectedFiles.OfKata(kata)),
                LearnerFiles = [.. LearnerFiles.Of(kata.Directory)],
                OtherFiles = [.. FileSelection.TemplateFiles(repository, kata)],
            });
        }
        return new GradingManifest
        {
            PointsPerKata = pointsPerKata,
            SharedFiles = ProtectedFiles.Fingerprint(repository, ProtectedFiles.Shared(repository)),
            Katas = list,
        };
    }
}
