using System.Text;

namespace Katas.Grader.WrongAnswers;

/// <summary>Writes the unified diff of two versions of one file (a shortest edit script, three lines of context).</summary>
public static class UnifiedDiffWriter
{
    /// <summary>The diff from <paramref name="oldText"/> to <paramref name="newText"/>, headed <c>--- a/path</c> / <c>+++ b/path</c>; empty when they are the same.</summary>
    public static string Write(string path, string oldText, string newText, int context = 3)
    {
        var a = Lines(oldText);
        var b = Lines(newText);
        var edits = EditScript(a, b);
        if (edits.All(e => e.Kind == ' ')) return "";

        var text = new StringBuilder();
        text.Append("--- a/").Append(path).Append('\n');
        text.Append("+++ b/").Append(path).Append('\n');
        var changed = edits.Select((e, i) => (e, i)).Where(x => x.e.Kind != ' ').Select(x => x.i).ToList();
        var start = 0;
        while (start < changed.Count)
        {
            // A hunk covers the changes whose contexts touch or overlap.
            var end = start;
            while (end + 1 < changed.Count && changed[end + 1] - changed[end] <= 2 * context) end++;
            var first = Math.Max(0, changed[start] - context);
            var last = Math.Min(edits.Count - 1, changed[end] + context);
            var slice = edits.Skip(first).Take(last - first + 1).ToList();
            var oldCount = slice.Count(e => e.Kind != '+');
            var newCount = slice.Count(e => e.Kind != '-');
            var oldStart = edits.Take(first).Count(e => e.Kind != '+') + (oldCount > 0 ? 1 : 0);
            var newStart = edits.Take(first).Count(e => e.Kind != '-') + (newCount > 0 ? 1 : 0);
            text.Append($"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
            foreach (var edit in slice) text.Append(edit.Kind).Append(edit.Line).Append('\n');
            start = end + 1;
        }
        return text.ToString();
    }

    /// <summary>How many lines a diff adds or removes (its <c>+</c> and <c>-</c> lines, headers aside).</summary>
    public static int ChangedLines(string diff) =>
        KataDiff.SplitLines(diff).Count(l => (l.StartsWith('+') && !l.StartsWith("+++ ", StringComparison.Ordinal))
                                          || (l.StartsWith('-') && !l.StartsWith("--- ", StringComparison.Ordinal)));

    private static List<string> Lines(string text)
    {
        var lines = KataDiff.SplitLines(text);
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private readonly record struct Edit(char Kind, string Line);

    /// <summary>A longest-common-subsequence alignment of the lines: ' ' kept, '-' removed, '+' added (removals first).</summary>
    private static List<Edit> EditScript(List<string> a, List<string> b)
    {
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var edits = new List<Edit>(a.Count + b.Count);
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y]) { edits.Add(new(' ', a[x])); x++; y++; }
            else if (y >= b.Count || (x < a.Count && lcs[x + 1, y] >= lcs[x, y + 1])) { edits.Add(new('-', a[x])); x++; }
            else { edits.Add(new('+', b[y])); y++; }
        }
        return edits;
    }
}
