using Katas.Grader.CleanRoom;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.Commands;

namespace Katas.Grader.Tests;

/// <summary>
/// <c>grade --repos</c> on real student clones: each is built and graded against the teacher's manifest (never the
/// student's own copy), and the gradebook has a row per student that a teacher can trust.
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
public class BatchGradingTests
{
    private const string Tests = """
        namespace Katas.Fine;
        public class FineTests
        {
            [Test] public void Answers_42() => Assert.That(Fine.Answer(), Is.EqualTo(42));
            [Test] public void Answers_a_positive_number() => Assert.That(Fine.Answer(), Is.Positive);
        }
        """;

    private static string Stub(int answer) =>
        $"namespace Katas.Fine;\npublic static class Fine {{ public static int Answer() => {answer}; }}\n";

    private readonly List<FixtureRepository> _clones = [];
    private DirectoryInfo _class = null!;
    private int _code;
    private string _output = "";
    private string[] _gradebook = [];

    [OneTimeSetUp]
    public async Task GradeAClass()
    {
        var teacher = Clone(Stub(42), Tests);
        teacher.Write("grader/manifest.json", teacher.Manifest(("01-fine", "Fine", ["Answers_42", "Answers_a_positive_number"])).ToJson());

        _class = Directory.CreateTempSubdirectory("grader-class-");
        Move(Clone(Stub(42), Tests), "alice");                     // done, committed
        await CommitAsync("alice", "2026-11-20T10:00:00+01:00");
        Move(Clone(Stub(7), Tests), "bob");                        // half done, and more since the commit
        await CommitAsync("bob", "2026-11-21T09:30:00+00:00");
        File.AppendAllText(Path.Combine(_class.FullName, "bob", "exercises", "01-fine", "Fine.cs"), "// more to come\n");
        // Carol makes both tests pass by editing them: the kata earns nothing, whatever her own manifest says.
        var carol = Clone(Stub(7), Tests.Replace("Is.EqualTo(42)", "Is.EqualTo(7)", StringComparison.Ordinal));
        carol.Write("grader/manifest.json", carol.Manifest(("01-fine", "Fine", ["Answers_42", "Answers_a_positive_number"])).ToJson());
        Move(carol, "carol");
        _class.CreateSubdirectory("notes");                        // not a clone

        var output = new StringWriter();
        _code = await Cli.RunAsync(["grade", "--repos", _class.FullName, "--repo", teacher.Root], output, new StringWriter());
        _output = output.ToString();
        var path = Path.Combine(_class.FullName, "gradebook.csv");
        _gradebook = File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    [OneTimeTearDown]
    public void Delete()
    {
        foreach (var clone in _clones) clone.Dispose();
        _class?.Delete(recursive: true);
    }

    private FixtureRepository Clone(string stub, string tests)
    {
        var clone = new FixtureRepository();
        clone.AddKata("01-fine", "Fine", stub, tests);
        _clones.Add(clone);
        return clone;
    }

    /// <summary>Makes a student's folder a git clone with one commit, at a set date.</summary>
    private async Task CommitAsync(string student, string date)
    {
        var folder = Path.Combine(_class.FullName, student);
        var environment = new Dictionary<string, string?> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date };
        foreach (string[] arguments in (string[][])[["init", "-q"], ["add", "-A"], ["-c", "user.name=Student", "-c", "user.email=s@example.com", "commit", "-q", "-m", "work"]])
        {
            var result = await ProcessRunner.RunAsync("git", arguments, folder, TimeSpan.FromSeconds(30), environment);
            Assert.That(result.ExitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {result.Output}");
        }
    }

    /// <summary>The commit id of a student's clone, as git says it.</summary>
    private string Head(string student)
    {
        var result = ProcessRunner.RunAsync("git", ["rev-parse", "HEAD"], Path.Combine(_class.FullName, student), TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return result.Output.Trim();
    }

    private void Move(FixtureRepository clone, string student) =>
        Directory.Move(clone.Root, Path.Combine(_class.FullName, student));

    private string Row(string student) => _gradebook.Single(l => l.StartsWith(student + ",", StringComparison.Ordinal));

    [Test]
    public void The_gradebook_has_a_header_and_a_row_per_clone()
    {
        Assert.That(_code, Is.EqualTo(ExitCodes.Ok), _output);
        Assert.That(_gradebook, Has.Length.EqualTo(4), _output);
        Assert.That(_gradebook[0], Is.EqualTo("student,commit,committed_at,01-fine,total,max,notes"));
    }

    [Test]
    public void A_finished_clone_earns_every_point_and_a_half_done_one_half()
    {
        Assert.That(Row("alice"), Is.EqualTo($"alice,{Head("alice")},2026-11-20T10:00:00+01:00,2,2,2,"));
        Assert.That(Row("bob"), Does.StartWith($"bob,{Head("bob")},2026-11-21T09:30:00+00:00,1,1,2,"));
    }

    [Test]
    public void A_grade_that_includes_uncommitted_changes_says_so()
    {
        Assert.That(Row("bob"), Does.EndWith(",uncommitted changes were graded too"));
    }

    [Test]
    public void Edited_tests_earn_nothing_and_the_note_says_so()
    {
        Assert.That(Row("carol"), Is.EqualTo("carol,,,0,0,2,not a git clone: no commit to name; 01-fine: tests modified"));
    }

    [Test]
    public void Each_clones_build_is_deleted_once_it_is_graded()
    {
        foreach (var student in (string[])["alice", "bob", "carol"])
        {
            var room = CleanRoomFolder.FolderOf(KataRepository.At(Path.Combine(_class.FullName, student)));
            Assert.That(Directory.Exists(room), Is.False, $"{student}'s clean room is left behind: {room}");
        }
    }

    [Test]
    public void A_folder_that_is_not_a_clone_is_named_and_skipped()
    {
        Assert.That(_output, Does.Contain("Skipping notes: not a clone of the katas"));
        Assert.That(_gradebook.Any(l => l.StartsWith("notes", StringComparison.Ordinal)), Is.False);
    }
}
