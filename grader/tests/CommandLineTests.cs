using Katas.Grader.Commands;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;

namespace Katas.Grader.Tests;

/// <summary>The command line on throwaway repositories: bad input is a clear message and exit code 2; hints step through tiers.</summary>
public class CommandLineTests
{
    private DirectoryInfo _root = null!;

    [SetUp]
    public void CreateRepository()
    {
        _root = Directory.CreateTempSubdirectory("grader-cli-");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "exercises", "01-hello-async"));
        File.WriteAllText(Path.Combine(_root.FullName, "exercises", "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(_root.FullName, "exercises", "01-hello-async", "HelloAsync.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_root.FullName, "exercises", "01-hello-async", "README.md"), """
            # 01 · Hello async
            <details><summary>Hint 1: a nudge</summary>First.</details>
            <details><summary>Hint 2: closer</summary>Second.</details>
            <details><summary>Hint 3: nearly</summary>Third.</details>
            """);
    }

    [TearDown]
    public void DeleteRepository() => _root.Delete(recursive: true);

    private void WriteManifest(string? json = null)
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "grader"));
        json ??= new GradingManifest { Katas = [new ManifestKata { Id = "01-hello-async", Project = "HelloAsync", Points = 1, Tests = ["A"] }] }.ToJson();
        File.WriteAllText(Path.Combine(_root.FullName, "grader", "manifest.json"), json);
    }

    private async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Cli.RunAsync(["--repo", _root.FullName, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public async Task Outside_a_kata_repository_is_exit_code_2_with_a_clear_message()
    {
        var elsewhere = Directory.CreateTempSubdirectory("grader-elsewhere-");
        try
        {
            var error = new StringWriter();
            var code = await Cli.RunAsync(["list", "--repo", elsewhere.FullName], new StringWriter(), error);

            Assert.That(code, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain("is not a kata repository"));
            Assert.That(KataRepository.Find(elsewhere.FullName), Is.Null);
        }
        finally
        {
            elsewhere.Delete();
        }
    }

    [Test]
    public async Task A_missing_manifest_is_exit_code_2()
    {
        var (code, _, error) = await Run("grade");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("manifest").And.Contain("is missing"));
    }

    [Test]
    public async Task A_corrupt_manifest_is_exit_code_2()
    {
        WriteManifest("{ this is not json");

        var (code, _, error) = await Run("grade");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("is corrupt"));
    }

    [Test]
    public async Task An_unknown_kata_is_exit_code_2_and_lists_the_valid_names()
    {
        WriteManifest();

        var (code, _, error) = await Run("grade", "99-nope");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("there is no kata '99-nope'. The katas are: 01-hello-async."));
    }

    [Test]
    public async Task An_unknown_kata_for_a_hint_is_exit_code_2_and_lists_the_valid_names()
    {
        var (code, _, error) = await Run("hint", "nope");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("The katas are: 01-hello-async."));
    }

    [Test]
    public async Task A_bad_option_value_is_exit_code_2()
    {
        var (code, _, error) = await Run("grade", "--format", "xml");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("xml"));
    }

    [Test]
    public async Task Each_hint_call_shows_the_next_tier_and_remembers_it()
    {
        var first = await Run("hint", "01-hello-async");
        var second = await Run("hint", "01");
        var third = await Run("hint", "hello-async");
        var again = await Run("hint", "exercises/01-hello-async");

        Assert.That(first.Output, Does.Contain("Hint 1: a nudge (1 of 3)").And.Contain("First."));
        Assert.That(second.Output, Does.Contain("Hint 2: closer (2 of 3)").And.Contain("Second."));
        Assert.That(third.Output, Does.Contain("Hint 3: nearly (3 of 3)").And.Contain("That was the last hint"));
        Assert.That(again.Output, Does.Contain("Hint 3: nearly"));
        Assert.That(File.Exists(Path.Combine(_root.FullName, ".grader", "state.json")), Is.True);

        var reset = await Run("hint", "01-hello-async", "--reset");
        Assert.That(reset.Code, Is.Zero);
        Assert.That((await Run("hint", "01-hello-async")).Output, Does.Contain("Hint 1: a nudge"));
    }

    [Test]
    public async Task List_shows_every_kata_without_building_anything()
    {
        var (code, output, _) = await Run("list");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("01-hello-async").And.Contain("Hello async").And.Contain("not graded yet"));
    }

    [Test]
    public async Task Workflow_writes_classroom_yml_from_the_manifest()
    {
        WriteManifest();

        var (code, _, _) = await Run("workflow");

        Assert.That(code, Is.Zero);
        var yaml = File.ReadAllText(Path.Combine(_root.FullName, ".github", "workflows", "classroom.yml"));
        Assert.That(yaml, Does.Contain("runners: kata01helloasync"));
    }
}
