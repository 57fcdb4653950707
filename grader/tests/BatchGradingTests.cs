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
        Move(Clone(Stub(42), Tests), "alice");                     // done
        Move(Clone(Stub(7), Tests), "bob");                        // half done
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

    private void Move(FixtureRepository clone, string student) =>
        Directory.Move(clone.Root, Path.Combine(_class.FullName, student));

    private string Row(string student) => _gradebook.Single(l => l.StartsWith(student + ",", StringComparison.Ordinal));

    [Test]
    public void The_gradebook_has_a_header_and_a_row_per_clone()
    {
        Assert.That(_code, Is.EqualTo(ExitCodes.Ok), _output);
        Assert.That(_gradebook, Has.Length.EqualTo(4), _output);
        Assert.That(_gradebook[0], Is.EqualTo("student,01-fine,total,max,notes"));
    }

    [Test]
    public void A_finished_clone_earns_every_point_and_a_half_done_one_half()
    {
        Assert.That(Row("alice"), Is.EqualTo("alice,2,2,2,"));
        Assert.That(Row("bob"), Is.EqualTo("bob,1,1,2,"));
    }

    [Test]
    public void Edited_tests_earn_nothing_and_the_note_says_so()
    {
        Assert.That(Row("carol"), Is.EqualTo("carol,0,0,2,01-fine: tests modified"));
    }

    [Test]
    public void A_folder_that_is_not_a_clone_is_named_and_skipped()
    {
        Assert.That(_output, Does.Contain("Skipping notes: not a clone of the katas"));
        Assert.That(_gradebook.Any(l => l.StartsWith("notes", StringComparison.Ordinal)), Is.False);
    }
}
