namespace Katas.Grader.Running;

/// <summary>The first error of a build that failed: where and what.</summary>
/// <param name="File">The source file, relative to the repository root when inside it; null for a project-level error.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Code">The diagnostic id, e.g. CS1002.</param>
/// <param name="Message">The compiler's message.</param>
public sealed record CompileError(string? File, int Line, string? Code, string Message)
{
    public override string ToString()
    {
        var where = File is null ? "" : Line > 0 ? $"{File}({Line}): " : $"{File}: ";
        var code = string.IsNullOrEmpty(Code) ? "" : $"{Code}: ";
        return $"{where}error {code}{Message}";
    }
}
