// Reads a wrong answer's unified diff and applies it, strictly, to the reference solution.
//
// One file, two builds. The grader compiles it (GRADER is defined in Grader.csproj) to make and check diffs; the
// kata build compiles it as an inline MSBuild task (exercises/Directory.Build.targets, RoslynCodeTaskFactory), so
// that `-p:KataSource=wrong/<Name>` needs neither bash, git nor patch on any system. The task factory compiles
// against .NET Standard 2.0: keep this file to APIs and language features that exist there.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Katas.Grader.WrongAnswers
{
    /// <summary>A diff that cannot be read, or a hunk that no longer applies.</summary>
    public sealed class KataDiffException : Exception
    {
        public KataDiffException(string message, int diffLine) : base(message) { DiffLine = diffLine; }

        /// <summary>The 1-based line of the diff the problem is about, 0 when none.</summary>
        public int DiffLine { get; }
    }

    /// <summary>One hunk: <c>@@ -OldStart,OldCount +NewStart,NewCount @@</c> and its lines, each with its prefix (' ', '-', '+').</summary>
    public sealed class DiffHunk
    {
        public DiffHunk(int number, string header, int oldStart, int oldCount, int diffLine)
        {
            Number = number; Header = header; OldStart = oldStart; OldCount = oldCount; DiffLine = diffLine;
        }

        public int Number { get; }
        public string Header { get; }
        public int OldStart { get; }
        public int OldCount { get; }
        public int DiffLine { get; }
        public List<string> Lines { get; } = new List<string>();
    }

    /// <summary>The hunks of one file, named relative to the kata's solution folder (<c>--- a/Join.cs</c>).</summary>
    public sealed class FilePatch
    {
        public FilePatch(string path, int diffLine) { Path = path; DiffLine = diffLine; }

        public string Path { get; }
        public int DiffLine { get; }
        public List<DiffHunk> Hunks { get; } = new List<DiffHunk>();
    }

    /// <summary>A wrong answer: the description of the mistake (the text before the first <c>---</c>) and its patches.</summary>
    public sealed class KataDiffFile
    {
        public KataDiffFile(string description, List<FilePatch> files) { Description = description; Files = files; }

        public string Description { get; }
        public List<FilePatch> Files { get; }
    }

    public static class KataDiff
    {
        /// <summary>Reads a unified diff. <paramref name="diffName"/> (e.g. <c>wrong/AwaitsSequentially.diff</c>) names it in errors.</summary>
        public static KataDiffFile Parse(string text, string diffName)
        {
            var lines = SplitLines(text);
            var description = new StringBuilder();
            var files = new List<FilePatch>();
            var i = 0;
            while (i < lines.Count && !lines[i].StartsWith("--- ", StringComparison.Ordinal))
            {
                if (lines[i].Trim().Length > 0) description.Append(description.Length > 0 ? " " : "").Append(lines[i].Trim());
                i++;
            }
            while (i < lines.Count)
            {
                var line = lines[i];
                if (line.Trim().Length == 0) { i++; continue; }
                if (!line.StartsWith("--- ", StringComparison.Ordinal))
                {
                    throw new KataDiffException(diffName + ": line " + (i + 1) + ": expected a file header (--- a/File.cs), found \"" + line + "\"", i + 1);
                }
                if (i + 1 >= lines.Count || !lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
                {
                    throw new KataDiffException(diffName + ": line " + (i + 2) + ": expected +++ b/File.cs after the --- line", i + 2);
                }
                var path = PathOf(lines[i + 1].Substring(4));
                if (path != PathOf(line.Substring(4)))
                {
                    throw new KataDiffException(diffName + ": line " + (i + 1) + ": a diff may change a file of the reference, not rename, add or delete one (" + line + ")", i + 1);
                }
                var file = new FilePatch(path, i + 1);
                files.Add(file);
                i += 2;
                while (i < lines.Count && lines[i].StartsWith("@@", StringComparison.Ordinal))
                {
                    var hunk = ParseHeader(lines[i], file.Hunks.Count + 1, i + 1, diffName);
                    file.Hunks.Add(hunk);
                    i++;
                    int oldSeen = 0, newSeen = 0;
                    var newCount = NewCountOf(hunk.Header);
                    while (i < lines.Count && (oldSeen < hunk.OldCount || newSeen < newCount))
                    {
                        var body = lines[i];
                        if (body.StartsWith("\\", StringComparison.Ordinal)) { i++; continue; } // "\ No newline at end of file"
                        // An empty line is an empty context line whose leading space an editor trimmed.
                        var prefix = body.Length == 0 ? ' ' : body[0];
                        var content = body.Length == 0 ? "" : body.Substring(1);
                        if (prefix == ' ') { oldSeen++; newSeen++; }
                        else if (prefix == '-') oldSeen++;
                        else if (prefix == '+') newSeen++;
                        else break;
                        hunk.Lines.Add(prefix + content);
                        i++;
                    }
                    if (oldSeen != hunk.OldCount || newSeen != newCount)
                    {
                        throw new KataDiffException(diffName + ": hunk " + hunk.Number + " (" + hunk.Header + ") of " + path + " is cut short: its header counts "
                            + hunk.OldCount + " old and " + newCount + " new lines, its body has " + oldSeen + " and " + newSeen, hunk.DiffLine);
                    }
                    while (i < lines.Count && lines[i].StartsWith("\\", StringComparison.Ordinal)) i++;
                }
                if (file.Hunks.Count == 0) throw new KataDiffException(diffName + ": " + path + " has no hunk", file.DiffLine);
            }
            if (files.Count == 0) throw new KataDiffException(diffName + ": no change found (a diff starts with --- a/File.cs, +++ b/File.cs, then @@ hunks)", 0);
            return new KataDiffFile(description.ToString(), files);
        }

        /// <summary>
        /// Applies one file's hunks to <paramref name="original"/>, strictly: every context and removed line must match
        /// exactly. A hunk applies at the line its header names or, when lines were added or removed above it since the
        /// diff was made, at the nearest place where it matches exactly; never with fuzz. The result keeps the
        /// original's line endings.
        /// </summary>
        public static string Apply(string original, FilePatch patch, string diffName)
        {
            var newline = original.Contains("\r\n") ? "\r\n" : "\n";
            var endsWithNewline = original.EndsWith("\n", StringComparison.Ordinal);
            var lines = SplitLines(original);
            if (endsWithNewline && lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);

            var result = new List<string>(lines.Count + 16);
            var position = 0;
            foreach (var hunk in patch.Hunks)
            {
                var old = new List<string>();
                foreach (var line in hunk.Lines) if (line[0] != '+') old.Add(line.Substring(1));
                // @@ -0,0 … @@ and @@ -N,0 … @@ insert after line N.
                var expected = hunk.OldCount == 0 ? hunk.OldStart : hunk.OldStart - 1;
                var at = FindNearest(lines, old, position, expected);
                if (at < 0) throw NoLongerApplies(lines, old, hunk, patch.Path, diffName, Math.Max(expected, position));
                for (var k = position; k < at; k++) result.Add(lines[k]);
                var index = at;
                foreach (var line in hunk.Lines)
                {
                    if (line[0] == ' ') result.Add(lines[index++]);
                    else if (line[0] == '-') index++;
                    else result.Add(line.Substring(1));
                }
                position = at + old.Count;
            }
            for (var k = position; k < lines.Count; k++) result.Add(lines[k]);
            return string.Join(newline, result) + (endsWithNewline && result.Count > 0 ? newline : "");
        }

        /// <summary>The lines of a text, without their line endings (LF or CRLF).</summary>
        public static List<string> SplitLines(string text)
        {
            var lines = new List<string>(text.Split('\n'));
            for (var k = 0; k < lines.Count; k++) if (lines[k].EndsWith("\r", StringComparison.Ordinal)) lines[k] = lines[k].Substring(0, lines[k].Length - 1);
            return lines;
        }

        private static int FindNearest(List<string> lines, List<string> block, int from, int expected)
        {
            var last = lines.Count - block.Count;
            var reach = Math.Max(lines.Count, expected) + 1;
            for (var distance = 0; distance <= reach; distance++)
            {
                var above = expected - distance;
                var below = expected + distance;
                if (above >= from && above <= last && Matches(lines, block, above)) return above;
                if (distance > 0 && below >= from && below <= last && Matches(lines, block, below)) return below;
            }
            return -1;
        }

        private static bool Matches(List<string> lines, List<string> block, int at)
        {
            for (var k = 0; k < block.Count; k++) if (!string.Equals(lines[at + k], block[k], StringComparison.Ordinal)) return false;
            return true;
        }

        private static KataDiffException NoLongerApplies(List<string> lines, List<string> old, DiffHunk hunk, string path, string diffName, int at)
        {
            var k = 0;
            while (k < old.Count && at + k < lines.Count && lines[at + k] == old[k]) k++;
            var found = at + k < lines.Count ? "\"" + lines[at + k].Trim() + "\"" : "the end of the file";
            var expectedLine = k < old.Count ? old[k].Trim() : "";
            return new KataDiffException(diffName + ": hunk " + hunk.Number + " (" + hunk.Header + ") no longer applies to " + path + " at line " + (at + k + 1)
                + ": expected \"" + expectedLine + "\", found " + found
                + ". The reference changed under it: make the wrong answer again (dotnet run --project grader -- wrong-answer --help)", hunk.DiffLine);
        }

        private static DiffHunk ParseHeader(string line, int number, int diffLine, string diffName)
        {
            // @@ -25,9 +12,3 @@ optional section heading
            var end = line.IndexOf("@@", 2, StringComparison.Ordinal);
            var header = end < 0 ? line : line.Substring(0, end + 2);
            var parts = header.Trim('@', ' ').Split(' ');
            if (end < 0 || parts.Length != 2 || !parts[0].StartsWith("-", StringComparison.Ordinal) || !parts[1].StartsWith("+", StringComparison.Ordinal)
                || !TryRange(parts[0].Substring(1), out var oldStart, out var oldCount) || !TryRange(parts[1].Substring(1), out _, out _))
            {
                throw new KataDiffException(diffName + ": line " + diffLine + ": not a hunk header (@@ -start,count +start,count @@): \"" + line + "\"", diffLine);
            }
            return new DiffHunk(number, header, oldStart, oldCount, diffLine);
        }

        private static int NewCountOf(string header)
        {
            var parts = header.Trim('@', ' ').Split(' ');
            TryRange(parts[1].Substring(1), out _, out var count);
            return count;
        }

        private static bool TryRange(string text, out int start, out int count)
        {
            var comma = text.IndexOf(',');
            count = 1;
            if (comma < 0) return int.TryParse(text, out start);
            return int.TryParse(text.Substring(0, comma), out start) && int.TryParse(text.Substring(comma + 1), out count);
        }

        private static string PathOf(string header)
        {
            var path = header.Split('\t')[0].Trim();
            if (path.StartsWith("a/", StringComparison.Ordinal) || path.StartsWith("b/", StringComparison.Ordinal)) path = path.Substring(2);
            return path;
        }
    }

#if !GRADER
    /// <summary>
    /// The build's side: applies <see cref="DiffFile"/> to copies of the reference's files in <see cref="OutputDirectory"/>.
    /// Every reference file is written (changed or not), so that the target's Inputs and Outputs see one fresh set.
    /// </summary>
    public class ApplyKataDiff : Microsoft.Build.Utilities.Task
    {
        /// <summary>The diff, e.g. solutions/02-join/wrong/AwaitsSequentially.diff.</summary>
        [Microsoft.Build.Framework.Required] public string DiffFile { get; set; } = "";

        /// <summary>How errors name the diff: wrong/AwaitsSequentially.diff.</summary>
        [Microsoft.Build.Framework.Required] public string DiffName { get; set; } = "";

        /// <summary>The reference's source files (solutions/&lt;kata&gt;/*.cs).</summary>
        [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] ReferenceFiles { get; set; } = new Microsoft.Build.Framework.ITaskItem[0];

        /// <summary>Where the patched copies go (under the project's intermediate output folder).</summary>
        [Microsoft.Build.Framework.Required] public string OutputDirectory { get; set; } = "";

        public override bool Execute()
        {
            try
            {
                var diff = KataDiff.Parse(File.ReadAllText(DiffFile), DiffName);
                var byName = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var item in ReferenceFiles) byName[System.IO.Path.GetFileName(item.ItemSpec)] = item.GetMetadata("FullPath");
                var patched = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var patch in diff.Files)
                {
                    string? source;
                    if (!byName.TryGetValue(patch.Path, out source))
                    {
                        throw new KataDiffException(DiffName + ": it changes " + patch.Path + ", which is not a file of the reference (" + string.Join(", ", byName.Keys) + ")", patch.DiffLine);
                    }
                    patched[patch.Path] = KataDiff.Apply(patched.ContainsKey(patch.Path) ? patched[patch.Path] : File.ReadAllText(source), patch, DiffName);
                }
                Directory.CreateDirectory(OutputDirectory);
                foreach (var pair in byName)
                {
                    var text = patched.ContainsKey(pair.Key) ? patched[pair.Key] : File.ReadAllText(pair.Value);
                    File.WriteAllText(System.IO.Path.Combine(OutputDirectory, pair.Key), text, new UTF8Encoding(false));
                }
                return true;
            }
            catch (KataDiffException e)
            {
                Log.LogError(null, "KATA001", null, DiffFile, e.DiffLine, 0, 0, 0, "{0}", e.Message);
                return false;
            }
        }
    }
#endif
}
