using Katas.Grader.Scoring;
using Katas.Grader.Manifest;

namespace Katas.Grader.Tests;

public class ManifestTests
{
    [Test]
    public void A_manifest_round_trips_through_its_json()
    {
        var manifest = new GradingManifest
        {
            Katas = [new ManifestKata { Id = "02-join", Project = "Join", Points = 3, Tests = ["A", "B", "C"], ProtectedFiles = new(StringComparer.Ordinal) { ["exercises/02-join/JoinTests.cs"] = "ab" } }],
        };

        var again = GradingManifest.Parse(manifest.ToJson(), "test");

        Assert.That(again.ToJson(), Is.EqualTo(manifest.ToJson()));
        Assert.That(again.Katas[0].PointsPerTest, Is.EqualTo(1));
    }

    [Test]
    public void Lists_the_tests_the_reference_passes_or_skips_where_they_cannot_run_but_not_those_it_fails()
    {
        static TestRecord Test(string name, TestOutcome outcome) => new("Join.dll", $"Katas.Join.JoinTests.{name}", outcome, TimeSpan.Zero, "", "");
        var reference = new VariantRun(null,
            [Test("Passes", TestOutcome.Passed), Test("Skips_here", TestOutcome.Skipped), Test("Fails", TestOutcome.Failed), Test("Never_ran", TestOutcome.NotRun)], null);

        Assert.That(ManifestBuilder.ReferenceTests(reference), Is.EqualTo(new[] { "Katas.Join.JoinTests.Passes", "Katas.Join.JoinTests.Skips_here" }),
            "a test that skips itself on one machine (09's Ctrl+C test where SIGINT is ignored) is still a test of the kata: " +
            "the manifest must not depend on where it was made");
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("[]")]
    [TestCase("{\"schema\":1,\"katas\":[]}")]
    [TestCase("{\"schema\":1,\"katas\":[{\"points\":1}]}")]
    public void A_corrupt_manifest_is_a_clear_error(string json)
    {
        var error = Assert.Throws<ManifestException>(() => GradingManifest.Parse(json, "grader/manifest.json"));

        Assert.That(error!.Message, Does.Contain("grader/manifest.json is corrupt"));
    }

    [Test]
    public void A_manifest_of_another_schema_is_refused()
    {
        var error = Assert.Throws<ManifestException>(() => GradingManifest.Parse("{\"schema\":99,\"katas\":[{\"id\":\"02-join\",\"tests\":[]}]}", "m"));

        Assert.That(error!.Message, Does.Contain("schema 99"));
    }

    [Test]
    public void A_missing_manifest_says_how_to_make_it()
    {
        var error = Assert.Throws<ManifestException>(() => GradingManifest.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "manifest.json")));

        Assert.That(error!.Message, Does.Contain("is missing").And.Contain("grader -- manifest"));
    }

    [Test]
    public void Fingerprints_ignore_line_endings()
    {
        var directory = Directory.CreateTempSubdirectory("grader-hash-");
        try
        {
            var unix = Path.Combine(directory.FullName, "unix.cs");
            var windows = Path.Combine(directory.FullName, "windows.cs");
            File.WriteAllText(unix, "class A\n{\n}\n");
            File.WriteAllText(windows, "class A\r\n{\r\n}\r\n");

            Assert.That(ProtectedFiles.Sha256(windows), Is.EqualTo(ProtectedFiles.Sha256(unix)));
            Assert.That(ProtectedFiles.Sha256(unix), Is.EqualTo(ProtectedFiles.Sha256OfText("class A\n{\n}\n")));
            File.WriteAllText(windows, "class B\r\n{\r\n}\r\n");
            Assert.That(ProtectedFiles.Sha256(windows), Is.Not.EqualTo(ProtectedFiles.Sha256(unix)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void The_classroom_workflow_has_the_names_the_reporter_needs_and_one_runner_per_kata()
    {
        var manifest = new GradingManifest
        {
            Katas = [new ManifestKata { Id = "01-hello-async", Tests = ["A"] }, new ManifestKata { Id = "02-join", Tests = ["B"] }],
        };

        var yaml = ClassroomWorkflow.Generate(manifest);

        Assert.That(yaml, Does.Contain("name: Autograding Tests"));
        Assert.That(yaml, Does.Contain("  run-autograding-tests:"));
        Assert.That(yaml, Does.Contain("uses: actions/checkout@v4"));
        Assert.That(yaml, Does.Contain("uses: actions/setup-dotnet@v4"));
        Assert.That(yaml, Does.Contain("dotnet-version: '10.0.x'"));
        Assert.That(yaml, Does.Contain("id: grade"));
        Assert.That(yaml, Does.Contain("--format classroom --output \"$GITHUB_OUTPUT\""));
        Assert.That(yaml, Does.Contain("exit 0"));
        Assert.That(yaml, Does.Contain("repository: ${{ env.KATAS_TEMPLATE }}"), "the teacher's template is checked out");
        Assert.That(yaml, Does.Contain("grade --repo ../submission --manifest grader/manifest.json"), "and its grader grades the student's code against its manifest");
        Assert.That(yaml, Does.Contain("uses: classroom-resources/autograding-grading-reporter@v1"));
        Assert.That(yaml, Does.Contain("KATA01HELLOASYNC_RESULTS: \"${{ steps.grade.outputs.kata01helloasync }}\""));
        Assert.That(yaml, Does.Contain("KATA02JOIN_RESULTS: \"${{ steps.grade.outputs.kata02join }}\""));
        Assert.That(yaml, Does.Contain("runners: kata01helloasync,kata02join"));
        Assert.That(yaml, Does.Not.Contain("\t"));
    }
    [Test]
    public void A_katas_tests_are_listed_as_its_test_files_declare_them_main_file_first()
    {
        using var fixture = new FixtureRepository();
        fixture.AddKata("02-join", "Join", "namespace Katas.Join;\npublic static class Join { }\n", """
            namespace Katas.Join;
            public class JoinTwoTests
            {
                [Test] public void Zebra_first() { }
                [TestCase(1)] public void Apple_second(int n) { }
            }
            public class JoinTwoTestsMore
            {
                [Test] public void Aardvark_third() { }
            }
            """);
        fixture.Write("exercises/02-join/AConsoleTests.cs", "namespace Katas.Join;\npublic class AConsoleTests { [Test] public void Last_file() { } }\n");
        var kata = fixture.Repository.Katas().Single();

        var sorted = DeclarationOrder.Sort(kata, [
            "Katas.Join.AConsoleTests.Last_file", "Katas.Join.JoinTwoTests.Apple_second(1)", "Katas.Join.JoinTwoTestsMore.Aardvark_third",
            "Katas.Join.JoinTwoTests.Zebra_first", "Katas.Join.Gone.Unknown"]);

        Assert.That(sorted, Is.EqualTo(new[] {
            "Katas.Join.JoinTwoTests.Zebra_first", "Katas.Join.JoinTwoTests.Apple_second(1)", "Katas.Join.JoinTwoTestsMore.Aardvark_third",
            "Katas.Join.AConsoleTests.Last_file", "Katas.Join.Gone.Unknown" }));
    }
}
