using System.Diagnostics;
using System.Globalization;

namespace Katas.Testing;

/// <summary>How the harness writes times and code locations in its messages.</summary>
public static class Format
{
    /// <summary>"100 ms", "1.5 ms", "2 s 300 ms" stays "2300 ms": one unit keeps timelines comparable.</summary>
    public static string Ms(TimeSpan time) =>
        time.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";

    /// <summary>A stack frame as "Method (File.cs:line)".</summary>
    public static string Frame(StackFrame frame)
    {
        var method = frame.GetMethod();
        var name = method is null ? "?" : $"{TypeName(method.DeclaringType)}.{method.Name}";
        var file = frame.GetFileName();
        return file is null ? name : $"{name} ({Path.GetFileName(file)}:{frame.GetFileLineNumber()})";
    }

    private static string TypeName(Type? type)
    {
        if (type is null) return "?";
        // Compiler-generated state machines are named <Method>d__N: show the method that the learner wrote.
        var name = type.Name;
        if (name.StartsWith('<') && type.DeclaringType is { } outer)
            return $"{outer.Name}.{name[1..name.IndexOf('>', StringComparison.Ordinal)]}";
        return name;
    }
}
