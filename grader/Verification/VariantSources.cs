using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.WrongAnswers;

namespace Katas.Grader.Verification;

/// <summary>A kata's variants beside the stub and the reference, and why one of them did not build.</summary>
public static class VariantSources
{
    public static IReadOnlyList<string> WrongAnswers(KataRepository repository, Kata kata) => repository.WrongAnswers(kata);

    public static IReadOnlyList<string> CorrectAlternatives(KataRepository repository, Kata kata) => repository.CorrectAlternatives(kata);

    /// <summary>
    /// A wrong answer's build error, made exact: a leftover whole-file wrong answer, or the hunk of its diff that no longer
    /// applies (the build's console output names only the project, which all of a kata's variants share). Any other
    /// failed build keeps the error the build gave.
    /// </summary>
    public static CompileError? WhyNotBuilt(KataRepository repository, VariantBuild build)
    {
        var source = build.Variant.KataSource;
        if (build.Succeeded || source is null || !source.StartsWith("wrong/", StringComparison.Ordinal)) return build.Error;
        var kata = repository.Katas().FirstOrDefault(k => string.Equals(Path.GetFullPath(k.ProjectPath), Path.GetFullPath(build.Variant.ProjectPath), StringComparison.Ordinal));
        if (kata is null) return build.Error;
        var name = source["wrong/".Length..];
        var solution = repository.SolutionDirectory(kata);
        var diffPath = Path.Combine(solution, "wrong", name + ".diff");
        var leftover = Path.Combine(solution, "wrong", name + ".cs");
        if (File.Exists(leftover))
        {
            return new CompileError(repository.Relative(leftover), 0, null,
                $"a wrong answer is stored as the mistake alone (wrong/{name}.diff), not as a whole file: convert it with " +
                $"`dotnet run --project grader -- wrong-answer {kata.Id} {name}`");
        }
        if (!File.Exists(diffPath)) return build.Error;
        try
        {
            var diff = KataDiff.Parse(File.ReadAllText(diffPath), $"wrong/{name}.diff");
            foreach (var patch in diff.Files)
            {
                var target = Path.Combine(solution, patch.Path);
                if (!File.Exists(target)) return new CompileError(repository.Relative(diffPath), patch.DiffLine, "KATA001", $"wrong/{name}.diff changes {patch.Path}, which is not a file of the reference");
                KataDiff.Apply(File.ReadAllText(target), patch, $"wrong/{name}.diff");
            }
        }
        catch (KataDiffException e)
        {
            return new CompileError(repository.Relative(diffPath), e.DiffLine, "KATA001", e.Message);
        }
        return build.Error;
    }
}
