using Katas.Grader.WrongAnswers;

namespace Katas.Grader.Tests;

public class WrongAnswerDiffTests
{
    private const string Reference = """
        namespace Katas.Join;

        /// <summary>Runs operations at once.</summary>
        public static class Join
        {
            /// <summary>Both at once.</summary>
            public static async Task<(int, int)> BothAsync(Func<Task<int>> first, Func<Task<int>> second)
            {
                // Hot tasks: both are running once called.
                var a = first();
                var b = second();
                return (await a, await b);
            }

            /// <summary>Doubles.</summary>
            public static int Twice(int x) => 2 * x;
        }

        """;

    private const string WholeWrongAnswer = """
        namespace Katas.Join;

        // WRONG: awaits the first operation before starting the second,
        // so the join takes the sum of the durations.
        public static class Join
        {
            public static async Task<(int, int)> BothAsync(Func<Task<int>> first, Func<Task<int>> second)
            {
                var a = await first();
                var b = second();
                return (a, await b);
            }

            public static int Twice(int x) => 2 * x;
        }

        """;

    [Test]
    public void A_wrong_answer_becomes_its_description_and_the_changed_lines_alone_keeping_the_reference_docs()
    {
        var made = WrongAnswerMaker.Make(Reference, "Join.cs", WholeWrongAnswer, null, "wrong/AwaitsFirst.diff");

        Assert.That(made.Exact, Is.True);
        Assert.That(made.Diff, Is.EqualTo("""
            Awaits the first operation before starting the second, so the join takes the sum of the durations.
            --- a/Join.cs
            +++ b/Join.cs
            @@ -7,9 +7,9 @@
                 public static async Task<(int, int)> BothAsync(Func<Task<int>> first, Func<Task<int>> second)
                 {
                     // Hot tasks: both are running once called.
            -        var a = first();
            +        var a = await first();
                     var b = second();
            -        return (await a, await b);
            +        return (a, await b);
                 }
             
                 /// <summary>Doubles.</summary>

            """.ReplaceLineEndings("\n")));
        Assert.That(made.ChangedLines, Is.EqualTo(4));
    }

    [Test]
    public void The_diff_applied_to_the_reference_gives_the_wrong_answers_code()
    {
        var made = WrongAnswerMaker.Make(Reference, "Join.cs", WholeWrongAnswer, "Awaits first.", "wrong/AwaitsFirst.diff");
        var diff = KataDiff.Parse(made.Diff, "wrong/AwaitsFirst.diff");

        var applied = KataDiff.Apply(Reference, diff.Files.Single(), "wrong/AwaitsFirst.diff");

        Assert.That(diff.Description, Is.EqualTo("Awaits first."));
        Assert.That(MinimalWrongAnswer.SameCode(applied, WholeWrongAnswer, out var difference), Is.True, difference);
        Assert.That(applied, Does.Contain("/// <summary>Both at once.</summary>"));
    }

    [Test]
    public void A_hunk_applies_where_its_lines_moved_when_the_reference_gained_lines_above_it()
    {
        var made = WrongAnswerMaker.Make(Reference, "Join.cs", WholeWrongAnswer, "Awaits first.", "wrong/AwaitsFirst.diff");
        var edited = Reference.Replace("/// <summary>Runs operations at once.</summary>", "/// <summary>\n/// Runs operations at once.\n/// </summary>", StringComparison.Ordinal);

        var applied = KataDiff.Apply(edited, KataDiff.Parse(made.Diff, "d").Files.Single(), "d");

        Assert.That(applied, Does.Contain("var a = await first();").And.Contain("/// Runs operations at once."));
    }

    [Test]
    public void A_hunk_that_no_longer_matches_fails_naming_the_diff_the_hunk_the_file_the_line_and_both_texts()
    {
        var made = WrongAnswerMaker.Make(Reference, "Join.cs", WholeWrongAnswer, "Awaits first.", "wrong/AwaitsFirst.diff");
        var changed = Reference.Replace("var b = second();", "var b = second(); // started", StringComparison.Ordinal);

        var error = Assert.Throws<KataDiffException>(() =>
            KataDiff.Apply(changed, KataDiff.Parse(made.Diff, "wrong/AwaitsFirst.diff").Files.Single(), "wrong/AwaitsFirst.diff"))!;

        Assert.That(error.Message, Does.StartWith(
            "wrong/AwaitsFirst.diff: hunk 1 (@@ -7,9 +7,9 @@) no longer applies to Join.cs at line 11: expected \"var b = second();\", found \"var b = second(); // started\""));
        Assert.That(error.DiffLine, Is.EqualTo(4));
    }

    [Test]
    public void Context_lines_must_match_exactly_there_is_no_fuzz()
    {
        const string diff = "Mistake.\n--- a/A.cs\n+++ b/A.cs\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n";

        Assert.That(KataDiff.Apply("one\ntwo\nthree\n", KataDiff.Parse(diff, "d").Files[0], "d"), Is.EqualTo("one\nTWO\nthree\n"));
        Assert.Throws<KataDiffException>(() => KataDiff.Apply("one\ntwo\nthree!\n", KataDiff.Parse(diff, "d").Files[0], "d"));
    }

    [Test]
    public void Windows_line_endings_in_the_reference_or_the_diff_are_kept_and_matched()
    {
        const string diff = "Mistake.\r\n--- a/A.cs\r\n+++ b/A.cs\r\n@@ -1,3 +1,3 @@\r\n one\r\n-two\r\n+TWO\r\n three\r\n";

        Assert.That(KataDiff.Apply("one\r\ntwo\r\nthree\r\n", KataDiff.Parse(diff, "d").Files[0], "d"), Is.EqualTo("one\r\nTWO\r\nthree\r\n"));
    }

    [Test]
    public void A_cut_short_hunk_is_a_clear_error()
    {
        var error = Assert.Throws<KataDiffException>(() => KataDiff.Parse("M.\n--- a/A.cs\n+++ b/A.cs\n@@ -1,3 +1,3 @@\n one\n-two\n", "wrong/X.diff"))!;

        Assert.That(error.Message, Does.Contain("wrong/X.diff: hunk 1 (@@ -1,3 +1,3 @@) of A.cs is cut short"));
    }

    [TestCase("// WRONG: awaits one\n// after the other.\nnamespace N;", "Awaits one after the other.")]
    [TestCase("// Wrong answer: blocks the thread.\nnamespace N;", "Blocks the thread.")]
    [TestCase("/// <summary>WRONG: the sources are <c>never</c> disposed &amp; leak.</summary>\npublic class C {}", "The sources are `never` disposed & leak.")]
    [TestCase("// WRONG ANSWER: an async method with no await.\n\n// Unrelated.", "An async method with no await.")]
    [TestCase("    // WRONG (subtle): looks at the token\n    // once.\n", "Subtle: looks at the token once.")]
    public void The_description_is_the_files_WRONG_comment_on_one_line(string source, string description)
    {
        Assert.That(WrongAnswerMaker.DescriptionOf(source), Is.EqualTo(description));
    }

    [Test]
    public void A_wrong_answer_without_a_description_is_refused()
    {
        var error = Assert.Throws<WrongAnswerException>(() =>
            WrongAnswerMaker.Make(Reference, "Join.cs", WholeWrongAnswer.Replace("// WRONG:", "//", StringComparison.Ordinal), null, "wrong/X.diff"))!;

        Assert.That(error.Message, Does.Contain("--description"));
    }
}
