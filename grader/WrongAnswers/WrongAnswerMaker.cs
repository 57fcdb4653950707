using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Katas.Grader.WrongAnswers;

/// <summary>A wrong answer made into a diff: its text, and what went into it.</summary>
/// <param name="Diff">The whole <c>.diff</c> file: the description line, then the unified diff.</param>
/// <param name="ChangedLines">How many lines it adds or removes.</param>
/// <param name="Exact">False when the minimal rewrite did not reproduce the wrong answer's code and the plain diff of the whole file was kept.</param>
public sealed record MadeWrongAnswer(string Diff, int ChangedLines, bool Exact, string Note);

/// <summary>Makes <c>solutions/&lt;kata&gt;/wrong/&lt;Mistake&gt;.diff</c> from a wrong answer written as a whole <c>&lt;ProjectName&gt;.cs</c>.</summary>
public static partial class WrongAnswerMaker
{
    public static MadeWrongAnswer Make(string referenceText, string fileName, string wrongText, string? description, string diffName)
    {
        description = OneLine(description ?? DescriptionOf(wrongText)
            ?? throw new WrongAnswerException("the file has no comment saying what the mistake is (// WRONG: …): pass --description \"…\""));

        var merged = MinimalWrongAnswer.Merge(referenceText, wrongText);
        var exact = MinimalWrongAnswer.SameCode(merged, wrongText, out var difference);
        var note = "";
        if (!exact)
        {
            // Never change what the mistake is: fall back to the whole file, comments and all.
            note = $"the minimal rewrite differs from the wrong answer's code ({difference}); the diff keeps the whole file";
            merged = wrongText;
        }
        var diff = UnifiedDiffWriter.Write(fileName, referenceText, merged);
        if (diff.Length == 0) throw new WrongAnswerException("it is the same code as the reference: there is no mistake to keep");
        var text = description + "\n" + diff;

        // The build applies the diff with KataDiff: make sure that gives back exactly what was meant.
        var parsed = KataDiff.Parse(text, diffName);
        var applied = KataDiff.Apply(referenceText, parsed.Files.Single(), diffName);
        if (applied.ReplaceLineEndings("\n") != merged.ReplaceLineEndings("\n"))
        {
            throw new WrongAnswerException("internal error: the diff, applied to the reference, does not give back the wrong answer");
        }
        return new MadeWrongAnswer(text, UnifiedDiffWriter.ChangedLines(diff), exact, note);
    }

    /// <summary>
    /// The mistake as the file describes it: the first comment that starts with WRONG (<c>// WRONG:</c>,
    /// <c>// Wrong answer:</c>, <c>/// &lt;summary&gt;WRONG: …</c>) and the comment lines that continue it, on one line.
    /// </summary>
    public static string? DescriptionOf(string source)
    {
        var lines = KataDiff.SplitLines(source);
        for (var i = 0; i < lines.Count; i++)
        {
            var first = Start().Match(lines[i]);
            if (!first.Success) continue;
            var parts = new List<string> { first.Groups["text"].Value };
            var subtle = first.Groups["aside"].Value;
            for (var j = i + 1; j < lines.Count && !parts[^1].Contains("</summary>", StringComparison.Ordinal); j++)
            {
                var more = Continuation().Match(lines[j]);
                if (!more.Success || more.Groups["text"].Value.Trim().Length == 0) break;
                parts.Add(more.Groups["text"].Value);
            }
            var text = string.Join(" ", parts.Select(p => p.Trim()));
            text = WebUtility.HtmlDecode(Code().Replace(text.Replace("</summary>", "", StringComparison.Ordinal), "`$1`"));
            if (subtle.Length > 0) text = $"{subtle.Trim('(', ')', ' ')}: {text}";
            return OneLine(text);
        }
        return null;
    }

    private static string OneLine(string text)
    {
        var line = Regex.Replace(text, @"\s+", " ").Trim();
        return line.Length == 0 ? line : char.ToUpperInvariant(line[0]) + line[1..];
    }

    [GeneratedRegex(@"^\s*///?\s*(<summary>\s*)?(WRONG(\s+ANSWER)?)\s*(?<aside>\([^)]*\))?\s*[:.-]\s*(?<text>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Start();

    [GeneratedRegex(@"^\s*///?(?!/)\s?(?<text>.*)$")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"<c>(.*?)</c>")]
    private static partial Regex Code();
}

/// <summary>A wrong answer that cannot be made into a diff; the message says why.</summary>
public sealed class WrongAnswerException(string message) : Exception(message);
