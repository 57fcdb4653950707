using System.Text;
using System.Text.Json.Nodes;
using Katas.Grader.Running;

namespace Katas.Grader.Tests;

/// <summary>Writes results logs the way the grader's logger does (numbered, signed lines), from plain JSON lines.</summary>
internal static class SignedLog
{
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    /// <summary>
    /// Numbers and signs each JSON line; a <c>{"kind":"complete"}</c> line (the older unsigned format of the golden
    /// files) becomes the logger's end, counting the results before it (vstest's count too, unless given).
    /// </summary>
    public static string From(string plainLines, long? executed = null)
    {
        var text = new StringBuilder();
        long sequence = 0, results = 0;
        foreach (var line in plainLines.Split('\n').Where(l => l.Trim().Length > 0))
        {
            var node = JsonNode.Parse(line)!.AsObject();
            var kind = (string?)node["kind"];
            if (kind == "result") results++;
            if (kind is "complete" or "end")
            {
                node["kind"] = "end";
                node["results"] ??= results;
                node["executed"] ??= executed ?? results;
            }
            node["seq"] = sequence++;
            text.Append(ResultsLogReader.Sign(node.ToJsonString(), Key));
        }
        return text.ToString();
    }

    public static string Result(string name, string outcome = "Passed", string source = "/r/Join.dll") =>
        new JsonObject { ["kind"] = "result", ["source"] = source, ["name"] = name, ["outcome"] = outcome }.ToJsonString();

    public const string End = """{"kind":"end","aborted":false}""";
}
