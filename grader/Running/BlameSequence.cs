using System.Xml;
using System.Xml.Linq;

namespace Katas.Grader.Running;

/// <summary>
/// Reads the blame collector's sequence files (<c>Sequence_*.xml</c>): for a test host that crashed or was killed for
/// hanging, the tests it started, in order, each marked completed or not. The unfinished one was running when it died.
/// </summary>
public static class BlameSequence
{
    public static IReadOnlyList<(string AssemblyPath, string FullName)> UnfinishedTests(string resultsDirectory)
    {
        if (!Directory.Exists(resultsDirectory)) return [];
        var unfinished = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(resultsDirectory, "Sequence_*.xml", SearchOption.AllDirectories))
        {
            // The same file is attached twice (in the run's folder and in the host's): read each once.
            if (!seen.Add(Path.GetFileName(file))) continue;
            try
            {
                unfinished.AddRange(Parse(File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or XmlException)
            {
            }
        }
        return unfinished;
    }

    public static IEnumerable<(string AssemblyPath, string FullName)> Parse(string xml) =>
        XDocument.Parse(xml).Descendants("Test")
            .Where(t => string.Equals((string?)t.Attribute("Completed"), "False", StringComparison.OrdinalIgnoreCase))
            .Select(t => ((string?)t.Attribute("Source") ?? "", (string?)t.Attribute("Name") ?? ""));
}
