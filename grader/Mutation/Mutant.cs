namespace Katas.Grader.Mutation;

/// <summary>One mutant from Stryker's JSON report, with the code it replaced.</summary>
/// <param name="File">The mutated file's name (<c>Join.cs</c>).</param>
/// <param name="Line">Its 1-based line.</param>
/// <param name="Mutator">Stryker's name for the change (<c>Equality mutation</c>).</param>
/// <param name="Original">The code that was replaced.</param>
/// <param name="Replacement">The code put in its place.</param>
/// <param name="Status">Stryker's status: Killed, Survived, NoCoverage, Timeout, CompileError, RuntimeError, Ignored.</param>
public sealed record Mutant(string File, int Line, string Mutator, string Original, string Replacement, string Status)
{
    /// <summary>A test failed, or the mutant hung until Stryker's timeout: the tests noticed the change.</summary>
    public bool IsDetected => Status is "Killed" or "Timeout";

    /// <summary>Every test passed with the change in place, or no test ran the changed code.</summary>
    public bool IsUndetected => Status is "Survived" or "NoCoverage";

    /// <summary>One line naming the mutant, for people: <c>Join.cs:42 Equality mutation: `a &lt; b` -> `a &lt;= b`</c>.</summary>
    public override string ToString() => $"{File}:{Line} {Mutator}: `{Shorten(Original)}` -> `{Shorten(Replacement)}` ({Status})";

    private static string Shorten(string code)
    {
        var flat = string.Join(' ', code.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 80 ? flat : flat[..77] + "...";
    }
}
