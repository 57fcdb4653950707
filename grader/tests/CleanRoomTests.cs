using System.Collections;
using Katas.Grader.CleanRoom;

namespace Katas.Grader.Tests;

/// <summary>What the clean room takes from a repository, what it leaves out and names, and what it generates (no build).</summary>
public class CleanRoomTests
{
    private FixtureRepository _fixture = null!;
    private Manifest.GradingManifest _manifest = null!;

    [SetUp]
    public void MakeKata()
    {
        _fixture = new FixtureRepository();
        _fixture.AddKata("02-join", "Join", "namespace Katas.Join;\npublic static class Join { }\n", "namespace Katas.Join;\npublic class JoinTests { [Test] public void A() { } }\n");
        _fixture.Write("exercises/02-join/README.md", "# Join\n");
        _fixture.Write("exercises/02-join/__snapshots__/JoinTests.A.snap", "1\n");
        _manifest = _fixture.Manifest(("02-join", "Join", ["A"]));
        _manifest.Katas[0] = _manifest.Katas[0] with { OtherFiles = ["exercises/02-join/README.md"] };
        // What a learner adds afterwards.
        _fixture.Write("exercises/02-join/Helpers.cs", "namespace Katas.Join; static class Helpers { }\n");
        _fixture.Write("exercises/02-join/Extras/HelpersTests.cs", "// a test in a subfolder\n");
        _fixture.Write("exercises/02-join/Directory.Build.props", "<Project />");
        _fixture.Write("exercises/02-join/Join.csproj.user", "<Project />");
        _fixture.Write("exercises/02-join/.editorconfig", "root = true\n");
        _fixture.Write("exercises/02-join/obj/project.assets.json", "{}");
        _fixture.Write("Directory.Build.rsp", "-p:KataSource=solutions\n");
        _fixture.Write("nuget.config", "<configuration />");
        _fixture.Write("exercises/Directory.Build.rsp", "-p:X=1\n");
    }

    [TearDown]
    public void Delete() => _fixture.Dispose();

    [Test]
    public void The_learner_files_are_the_top_level_non_test_sources() =>
        Assert.That(LearnerFiles.Of(Path.Combine(_fixture.Root, "exercises", "02-join")), Is.EqualTo(new[] { "Helpers.cs", "Join.cs" }));

    [Test]
    public void A_kata_takes_its_protected_tests_and_snapshots_and_only_the_learner_files_the_manifest_names()
    {
        var targets = FileSelection.OfKata(_fixture.Repository, _manifest.Katas[0], fromSolutions: false).Select(f => f.Target);
        Assert.That(targets, Is.EquivalentTo(new[] { "02-join/tests/JoinTests.cs", "02-join/tests/__snapshots__/JoinTests.A.snap", "02-join/learner/Join.cs" }));
    }

    [Test]
    public void Every_file_the_grade_does_not_use_is_named_but_the_templates_and_build_output()
    {
        Assert.That(FileSelection.IgnoredInKata(_fixture.Repository, _manifest.Katas[0]), Is.EqualTo(new[]
        {
            "exercises/02-join/.editorconfig", "exercises/02-join/Directory.Build.props", "exercises/02-join/Extras/HelpersTests.cs",
            "exercises/02-join/Helpers.cs", "exercises/02-join/Join.csproj.user",
        }));
        Assert.That(FileSelection.IgnoredAbove(_fixture.Repository, _manifest), Is.EqualTo(new[]
        {
            "Directory.Build.rsp", "exercises/Directory.Build.rsp", "nuget.config",
        }));
    }

    [Test]
    public void The_clean_room_holds_the_selected_files_and_generated_projects_and_nothing_else()
    {
        var root = Path.Combine(_fixture.Root, "room");
        var room = CleanRoomFolder.Prepare(_fixture.Repository, _manifest, _manifest.Katas, fromSolutions: false, root: root);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList();
        Assert.That(room.Mismatches, Is.Empty);
        Assert.That(files, Does.Contain("02-join/learner/Join.cs").And.Contain("02-join/learner/Join.Learner.csproj").And.Contain("02-join/tests/Join.csproj")
            .And.Contain("Directory.Build.props").And.Contain("NuGet.config").And.Contain("Katas.Testing/Katas.Testing.csproj").And.Contain("global.json"));
        Assert.That(files.Where(f => f.Contains("Helpers", StringComparison.Ordinal) || f.EndsWith(".rsp", StringComparison.Ordinal) || f.EndsWith(".user", StringComparison.Ordinal)), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(root, "02-join", "learner", "Join.Learner.csproj")), Does.Not.Contain("NUnit").And.Not.Contain("Katas.Testing"));
        Assert.That(room.DisplayPath(Path.Combine(root, "02-join", "learner", "Join.cs")), Is.EqualTo("exercises/02-join/Join.cs"));
    }

    [Test]
    public void A_protected_file_that_differs_while_copied_is_a_mismatch_and_is_not_copied()
    {
        _fixture.Write("exercises/02-join/JoinTests.cs", "namespace Katas.Join;\npublic class JoinTests { [Test] public void A() => Assert.Pass(); }\n");
        var root = Path.Combine(_fixture.Root, "room");
        var room = CleanRoomFolder.Prepare(_fixture.Repository, _manifest, _manifest.Katas, fromSolutions: false, root: root);
        Assert.That(room.Mismatches, Is.EqualTo(new[] { "exercises/02-join/JoinTests.cs (changed)" }));
        Assert.That(File.Exists(Path.Combine(root, "02-join", "tests", "JoinTests.cs")), Is.False);
    }

    [Test]
    public void Variables_that_steer_the_build_are_removed_and_the_machines_own_kept()
    {
        var scrubbed = BuildEnvironment.Scrubbed(new Hashtable
        {
            ["CustomAfterMicrosoftCommonTargets"] = "/evil.targets", ["MSBuildExtensionsPath"] = "/evil", ["DOTNET_STARTUP_HOOKS"] = "/evil.dll",
            ["KataSource"] = "solutions", ["CscToolPath"] = "/evil", ["DOTNET_ROOT"] = "/usr/share/dotnet", ["NUGET_PACKAGES"] = "/cache", ["HOME"] = "/home/me",
        });
        Assert.That(scrubbed.Keys, Is.EquivalentTo(new[] { "CustomAfterMicrosoftCommonTargets", "MSBuildExtensionsPath", "DOTNET_STARTUP_HOOKS", "KataSource", "CscToolPath" }));
        Assert.That(scrubbed.Values, Has.All.Null);
    }
}
