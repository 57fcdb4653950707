using System.Xml;
using System.Xml.Linq;

namespace Katas.Grader.Running;

/// <summary>What the blame collector saw: the hosts that did not end normally, and the test each was running.</summary>
/// <param name="Unfinished">Tests started and never finished, by assembly: what was running when a host died.</param>
/// <param name="Sources">Every assembly that has a sequence file: its host crashed or was killed, whatever it reported.</param>
public sealed record BlameReport(IReadOnlyList<(string AssemblyPath, string FullName)> Unfinished, IReadOnlyList<string> Sources);

/// <summary>
/// Reads the blame collector's sequence files (<c>Sequence_*.xml</c>), which it writes only for a test host that crashed
/// or was killed for hanging: the tests that host started, in order, each marked completed or not. The unfinished one
/// was running when it died.
/// </summary>
public static class BlameSequence
{
    /// <summary>Larger sequence files are not the collector's (a test can write into the results folder).</summary>
    private const long MaxFileBytes = 8_000_000;

    public static BlameReport Read(string resultsDirectory)
    {
        if (!Directory.Exists(resultsDirectory)) return new BlameReport([], []);
        var unfinished = new List<(string, string)>();
        var sources = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(resultsDirectory, "Sequence_*.xml", SearchOption.AllDirectories))
        {
            // The same file is attached twice (in the run's folder and in the host's): read each once.
            if (!seen.Add(Path.GetFileName(file))) continue;
            try
            {
                if (new FileInfo(file).Length > MaxFileBytes) continue;
                var tests = ParseAll(File.ReadAllText(file)).ToList();
                sources.AddRange(tests.Select(t => t.AssemblyPath).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
                unfinished.AddRange(tests.Where(t => !t.Completed).Select(t => (t.AssemblyPath, t.FullName)));
            }
            catch (Exception e) when (e is IOException or XmlException or UnauthorizedAccessException)
            {
            }
        }
        return new BlameReport(unfinished, sources);
    }

    /// <summary>The tests that started and never finished (the one running when the host died).</summary>
    public static IReadOnlyList<(string AssemblyPath, string FullName)> UnfinishedTests(string resultsDirectory) => Read(resultsDirectory).Unfinished;

    /// <summary>The unfinished tests of one sequence file.</summary>
    public static IEnumerable<(string AssemblyPath, string FullName)> Parse(string xml) =>
        ParseAll(xml).Where(t => !t.Completed).Select(t => (t.AssemblyPath, t.FullName));

    /// <summary>Every test of one sequence file, in the order started.</summary>
    public static IEnumerable<(string AssemblyPath, string FullName, bool Completed)> ParseAll(string xml) =>
        XDocument.Parse(xml).Descendants("Test")
            .Select(t => ((string?)t.Attribute("Source") ?? "", (string?)t.Attribute("Name") ?? "",
                !string.Equals((string?)t.Attribute("Completed"), "False", StringComparison.OrdinalIgnoreCase)));
}
