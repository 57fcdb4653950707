namespace Katas.Grader.Audit;

/// <summary>
/// The APIs a learner's code may use, read from the reviewed list <c>grader/Audit/allowed-apis.txt</c> (embedded in the
/// grader). One entry a line, each with a comment saying why it is there:
/// <list type="bullet">
/// <item><c>System.Threading.Tasks.**</c>: every type of a namespace and of the namespaces below it;</item>
/// <item><c>System.Linq.*</c>: every type of a namespace (not below it);</item>
/// <item><c>System.Console</c>: one type (nested types included) and all its members;</item>
/// <item><c>System.Type::GetTypeFromHandle</c>: one member; a type named only in member entries may be referred to
/// (a signature), but only the listed members may be used.</item>
/// </list>
/// Anything else is forbidden. Names are metadata names: <c>System.Func`2</c>, nested types as <c>Outer+Inner</c>,
/// property getters as <c>get_Name</c>, constructors as <c>.ctor</c>.
/// </summary>
public sealed class AllowList
{
    private readonly HashSet<string> _deepNamespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);

    /// <summary>How many entries the list has.</summary>
    public int Count { get; private set; }

    /// <summary>The reviewed list shipped with the grader.</summary>
    public static AllowList Default { get; } = Parse(ReadEmbedded());

    public static AllowList Parse(string text)
    {
        var list = new AllowList();
        var number = 0;
        foreach (var raw in text.Replace("\r", "").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash < 0 || line[(hash + 1)..].Trim().Length == 0)
            {
                throw new FormatException($"allowed-apis.txt line {number}: every entry says why it is allowed (a # comment): {line}");
            }
            var entry = line[..hash].Trim();
            list.Count++;
            if (entry.EndsWith(".**", StringComparison.Ordinal)) list._deepNamespaces.Add(entry[..^3]);
            else if (entry.EndsWith(".*", StringComparison.Ordinal)) list._namespaces.Add(entry[..^2]);
            else if (entry.Contains("::", StringComparison.Ordinal))
            {
                var at = entry.IndexOf("::", StringComparison.Ordinal);
                var type = entry[..at];
                if (!list._members.TryGetValue(type, out var members)) list._members[type] = members = new HashSet<string>(StringComparer.Ordinal);
                members.Add(entry[(at + 2)..]);
            }
            else list._types.Add(entry);
        }
        return list;
    }

    /// <summary>Whether code may name the type (in a signature, a cast, a generic argument, an attribute).</summary>
    /// <param name="ns">Its namespace (of the outermost type, for a nested one).</param>
    /// <param name="name">Its name, nested types joined with <c>+</c>: <c>ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter</c>.</param>
    public bool AllowsType(string ns, string name)
    {
        if (WholeType(ns, name)) return true;
        return _members.ContainsKey(Full(ns, name));
    }

    /// <summary>Whether code may use a member of the type (call it, read it, construct it).</summary>
    public bool AllowsMember(string ns, string typeName, string member)
    {
        if (WholeType(ns, typeName)) return true;
        return _members.TryGetValue(Full(ns, typeName), out var members) && members.Contains(member);
    }

    private bool WholeType(string ns, string name)
    {
        var outer = name.Split('+')[0];
        if (_types.Contains(Full(ns, name)) || _types.Contains(Full(ns, outer))) return true;
        if (_namespaces.Contains(ns)) return true;
        for (var n = ns; n.Length > 0; n = n.LastIndexOf('.') is var dot and > 0 ? n[..dot] : "")
        {
            if (_deepNamespaces.Contains(n)) return true;
        }
        return false;
    }

    private static string Full(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    private static string ReadEmbedded()
    {
        using var stream = typeof(AllowList).Assembly.GetManifestResourceStream("Katas.Grader.Audit.allowed-apis.txt")
            ?? throw new InvalidOperationException("the grader was built without grader/Audit/allowed-apis.txt");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
