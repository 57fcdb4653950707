using System.Diagnostics;
using Katas.Grader.Output;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.Tests;

/// <summary>
/// The build-side ways a learner tried to score without the work, each applied to a throwaway kata and graded in one
/// grade (one clean-room build, one test run): each earns 0 with the right state and names what was ignored, while an
/// honest correct answer beside them keeps full marks. The references sit in solutions/, as in the template, so that
/// an attack that switches the build to them would succeed if anything of the learner's build settings were used.
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
public class CleanRoomEndToEndTests
{
    private FixtureRepository _fixture = null!;
    private GradeReport _report = null!;
    private string _table = "";
    private string _json = "";

    private const string Tests = """
        namespace Katas.{0};
        public class {0}Tests
        {{
            [Test] public void Answers_42() => Assert.That({0}.Answer(), Is.EqualTo(42));
            [Test] public void Answers_again() => Assert.That({0}.Answer(), Is.EqualTo(42));
        }}
        """;

    private static string Stub(string project, string body = "return 0;", string top = "", string members = "") =>
        $"{top}\nnamespace Katas.{project};\npublic static class {project}\n{{\n    public static int Answer()\n    {{\n        {body}\n    }}\n{members}\n}}\n";

    /// <summary>Fixtures of the real test names that pass whatever the stub does, as a learner would smuggle them in.</summary>
    private static string FakeFixture(string project) => $$"""
        namespace Katas.{{project}};
        [TestFixture(TestName = "{{project}}Tests"), Order(0)]
        public class {{project}}Tests
        {
            [Test] public void Answers_42() { }
            [Test] public void Answers_again() { }
        }
        """;

    private static readonly string[] Katas =
        ["01-honest", "02-props", "03-targets", "04-user", "05-extra", "06-escape", "07-reflection", "08-modinit", "09-fixture"];

    private static string ProjectOf(string id) =>
        string.Concat(id[3..].Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    [OneTimeSetUp]
    public async Task GradeTheAttacks()
    {
        _fixture = new FixtureRepository();
        var f = _fixture;
        foreach (var id in Katas)
        {
            var project = ProjectOf(id);
            f.AddKata(id, project, Stub(project), string.Format(System.Globalization.CultureInfo.InvariantCulture, Tests, project));
            f.Write($"solutions/{id}/{project}.cs", Stub(project, "return 42;"));
        }
        var methods = new[] { "Answers_42", "Answers_again" };
        var manifest = f.Manifest(Katas.Select(id => (id, ProjectOf(id), methods)).ToArray());

        // The honest learner: the reference, copied.
        f.Write("exercises/01-honest/Honest.cs", Stub("Honest", "return 42;"));
        // Root: a response file and a NuGet.config with its own package folder and a local source.
        f.Write("Directory.Build.rsp", "-p:KataSource=solutions\n-p:ArtifactsPivots=debug_exercises\n");
        f.Write("NuGet.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="doctored-packages" /></config>
              <packageSources><clear /><add key="doctored" value="doctored-feed" /></packageSources>
            </configuration>
            """);
        Directory.CreateDirectory(Path.Combine(f.Root, "doctored-feed"));
        // A kata folder's own build settings switching to the reference.
        f.Write("exercises/02-props/Directory.Build.props", """
            <Project>
              <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)..'))" />
              <PropertyGroup><KataSource>solutions</KataSource><ArtifactsPivots>debug_exercises</ArtifactsPivots></PropertyGroup>
            </Project>
            """);
        // Tests swapped for fixtures that pass, compiled from a text file, plus a source generator from an extra file.
        f.Write("exercises/03-targets/Directory.Build.targets", """
            <Project>
              <ItemGroup>
                <Compile Remove="TargetsTests.cs" />
                <Compile Include="notes.txt" />
                <Analyzer Include="Generators/Evil.dll" />
              </ItemGroup>
            </Project>
            """);
        f.Write("exercises/03-targets/notes.txt", FakeFixture("Targets"));
        f.Write("exercises/04-user/User.csproj.user", """
            <Project>
              <ItemGroup><Compile Remove="UserTests.cs" /><Compile Include="notes.txt" /></ItemGroup>
            </Project>
            """);
        f.Write("exercises/04-user/notes.txt", FakeFixture("User"));
        // A test file in a subfolder whose assembly-level action passes every test.
        f.Write("exercises/05-extra/Extras/HelpersTests.cs", """
            [assembly: Katas.Extra.PassEverything]
            namespace Katas.Extra;
            [AttributeUsage(AttributeTargets.Assembly)]
            public sealed class PassEverything : Attribute, NUnit.Framework.Interfaces.ITestAction
            {
                public NUnit.Framework.Interfaces.ActionTargets Targets => NUnit.Framework.Interfaces.ActionTargets.Test;
                public void BeforeTest(NUnit.Framework.Interfaces.ITest test) => Assert.Pass();
                public void AfterTest(NUnit.Framework.Interfaces.ITest test) { }
            }
            """);
        // The test framework behind an escape that no text check sees.
        f.Write("exercises/06-escape/Escape.cs", Stub("Escape", "\\u0041ssert.Pass(); return 0;"));
        // Reflection from the stub, and a module initializer.
        f.Write("exercises/07-reflection/Reflection.cs", Stub("Reflection",
            "return typeof(object).Assembly.GetType(\"nunit.framework.assert\") is null ? 0 : 42;"));
        f.Write("exercises/08-modinit/Modinit.cs", Stub("Modinit",
            members: "    [System.Runtime.CompilerServices.ModuleInitializer] internal static void Init() { }",
            top: "[assembly: System.Reflection.AssemblyMetadata(\"graded\", \"yes\")]"));
        // A new fixture of the real names.
        f.Write("exercises/09-fixture/FakeTests.cs", FakeFixture("Fixture"));

        var stopwatch = Stopwatch.StartNew();
        _report = await GradeRun.RunAsync(f.Repository, manifest,
            new GradeOptions(Limits: new TestRunLimits(TimeSpan.FromSeconds(120), TimeSpan.FromMinutes(8))));
        TestContext.Progress.WriteLine($"graded the attacks in {stopwatch.Elapsed.TotalSeconds:0} s");
        _json = JsonRenderer.Render(_report);
        var writer = new StringWriter();
        TableRenderer.Render(_report, Commands.GradeCommand.ConsoleFor(writer, toTerminal: false));
        _table = writer.ToString();
    }

    [OneTimeTearDown]
    public void Delete() => _fixture?.Dispose();

    private KataGrade Kata(string id) => _report.Katas.Single(k => k.Id == id);

    [Test]
    public void The_honest_correct_answer_keeps_full_marks()
    {
        var kata = Kata("01-honest");
        Assert.That(kata.State, Is.EqualTo(KataState.Passed), kata.Detail ?? kata.FirstFailure?.Message);
        Assert.That(kata.Points, Is.EqualTo(2));
    }

    [TestCase("02-props", "exercises/02-props/Directory.Build.props")]
    [TestCase("03-targets", "exercises/03-targets/Directory.Build.targets")]
    [TestCase("03-targets", "exercises/03-targets/notes.txt")]
    [TestCase("04-user", "exercises/04-user/User.csproj.user")]
    [TestCase("05-extra", "exercises/05-extra/Extras/HelpersTests.cs")]
    public void Build_files_and_extra_files_of_the_kata_are_ignored_and_named(string id, string file)
    {
        var kata = Kata(id);
        Assert.That(kata.Points, Is.Zero, $"{id} scored with {file}: {kata.State}");
        Assert.That(kata.State, Is.EqualTo(KataState.NotStarted), kata.Detail);
        Assert.That(kata.Ignored, Does.Contain(file));
        Assert.That(_table, Does.Contain($"ignored: {file}"));
        Assert.That(_json, Does.Contain($"\"{file}\""));
    }

    [TestCase("Directory.Build.rsp")]
    [TestCase("NuGet.config")]
    public void Build_files_at_the_root_are_ignored_and_named(string file)
    {
        Assert.That(_report.Katas.Where(k => k.Id != "01-honest"), Has.All.Matches<KataGrade>(k => k!.Points == 0));
        Assert.That(Kata("01-honest").Ignored, Does.Contain(file), "named, and the honest kata still restored and passed");
        Assert.That(_table, Does.Contain($"ignored: {file}"));
    }

    [Test]
    public void The_test_framework_is_out_of_reach_of_the_learners_code()
    {
        var kata = Kata("06-escape");
        Assert.That(kata.State, Is.EqualTo(KataState.DoesNotCompile), kata.Detail);
        Assert.That(kata.Detail, Does.StartWith("exercises/06-escape/Escape.cs(7)"));
        Assert.That(kata.Points, Is.Zero);
    }

    [Test]
    public void Reflection_in_the_stub_is_a_forbidden_API_named_with_file_and_line()
    {
        var kata = Kata("07-reflection");
        Assert.That(kata.State, Is.EqualTo(KataState.ForbiddenApi), kata.Detail);
        Assert.That(kata.Points, Is.Zero);
        Assert.That(kata.Detail, Does.StartWith("forbidden API: "));
        Assert.That(kata.Detail, Does.Contain("System.Type.Assembly at exercises/07-reflection/Reflection.cs:7"));
        Assert.That(_table, Does.Contain("forbidden API"));
        Assert.That(_json, Does.Contain("\"state\": \"forbidden_api\""));
    }

    [Test]
    public void A_module_initializer_and_assembly_attributes_are_forbidden_APIs()
    {
        var kata = Kata("08-modinit");
        Assert.That(kata.State, Is.EqualTo(KataState.ForbiddenApi), kata.Detail);
        Assert.That(kata.Detail, Does.Contain("module initializer"));
        Assert.That(kata.Detail, Does.Contain("[System.Reflection.AssemblyMetadata]"));
        Assert.That(kata.Points, Is.Zero);
    }

    [Test]
    public void A_new_fixture_of_the_real_names_is_tests_modified()
    {
        var kata = Kata("09-fixture");
        Assert.That(kata.State, Is.EqualTo(KataState.TestsModified), kata.Detail);
        Assert.That(kata.Detail, Does.Contain("exercises/09-fixture/FakeTests.cs (added)"));
        Assert.That(kata.Points, Is.Zero);
    }
}
