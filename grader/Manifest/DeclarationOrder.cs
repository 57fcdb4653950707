using System.Text.RegularExpressions;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;

namespace Katas.Grader.Manifest;

/// <summary>
/// Orders a kata's tests as its test files declare them: the order in which a learner reads them, simplest first, so
/// that "the first failing test" is the one to work on next (the runner's own order is alphabetical). The kata's main
/// test file (<c>&lt;Project&gt;Tests.cs</c>) comes first; a test that cannot be found goes last, by name.
/// </summary>
public static class DeclarationOrder
{
    public static List<string> Sort(Kata kata, IEnumerable<string> tests)
    {
        var main = kata.ProjectName + "Tests.cs";
        var files = Directory.EnumerateFiles(kata.Directory, "*Tests.cs", SearchOption.TopDirectoryOnly)
            .OrderBy(f => Path.GetFileName(f) == main ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText).ToList();
        return tests
            .Select(name => (Name: name, Key: Position(files, name)))
            .OrderBy(t => t.Key.File).ThenBy(t => t.Key.Class).ThenBy(t => t.Key.Method).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => t.Name).ToList();
    }

    private static (int File, int Class, int Method) Position(IReadOnlyList<string> files, string fullName)
    {
        var parenthesis = fullName.IndexOf('(');
        var head = parenthesis >= 0 ? fullName[..parenthesis] : fullName;
        var method = TestRecord.ShortNameOf(head);
        var type = TestRecord.ShortNameOf(head[..Math.Max(0, head.Length - method.Length - 1)]);
        for (var f = 0; f < files.Count; f++)
        {
            var declaration = Regex.Match(files[f], $@"\bclass\s+{Regex.Escape(type)}\b");
            if (!declaration.Success) continue;
            var classAt = declaration.Index;
            var methodAt = files[f].IndexOf($" {method}(", classAt, StringComparison.Ordinal);
            return (f, classAt, methodAt < 0 ? int.MaxValue : methodAt);
        }
        return (int.MaxValue, int.MaxValue, int.MaxValue);
    }
}
