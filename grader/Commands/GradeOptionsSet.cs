using System.CommandLine;

namespace Katas.Grader.Commands;

/// <summary>The options of grading, shared by the root command (grading is the default) and <c>grade</c>.</summary>
public sealed class GradeOptionsSet
{
    public Argument<string?> Kata { get; } = new("kata")
    {
        Description = "Grade only this kata (e.g. 02-join); default: every kata.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = "table (for you), json (for programs), markdown (for $GITHUB_STEP_SUMMARY), classroom (for $GITHUB_OUTPUT).",
        DefaultValueFactory = _ => "table",
    };

    public Option<string> Source { get; } = new("--source")
    {
        Description = "What to grade: exercises (your code) or solutions (the references: must give full marks).",
        DefaultValueFactory = _ => "exercises",
    };

    public Option<bool> AllowModifiedTests { get; } = new("--allow-modified-tests")
    {
        Description = "Grade katas whose test files differ from the manifest (local experiments; such a grade is not a real one).",
    };

    public Option<FileInfo?> Output { get; } = new("--output", "-o")
    {
        Description = "Append the output to this file instead of printing it (e.g. \"$GITHUB_OUTPUT\").",
    };

    public Option<FileInfo?> Summary { get; } = new("--summary")
    {
        Description = "Also append a Markdown summary to this file (e.g. \"$GITHUB_STEP_SUMMARY\").",
    };

    public Option<DirectoryInfo?> Repos { get; } = new("--repos")
    {
        Description = "Teachers: grade every student clone under this folder, in parallel, and write a CSV gradebook.",
    };

    public Option<FileInfo?> Gradebook { get; } = new("--gradebook")
    {
        Description = "With --repos: where to write the CSV gradebook (default: gradebook.csv in that folder).",
    };

    public Option<FileInfo?> Manifest { get; } = new("--manifest")
    {
        Description = "Grade against this manifest instead of the repository's own (Classroom: the teacher's copy, out of the student's reach).",
    };

    public Option<int> HangTimeout { get; } = new("--hang-timeout")
    {
        Description = "Seconds a test host may make no progress before its kata is stopped as timed out.",
        DefaultValueFactory = _ => 60,
    };

    public GradeOptionsSet()
    {
        Format.AcceptOnlyFromAmong("table", "json", "markdown", "classroom");
        Source.AcceptOnlyFromAmong("exercises", "solutions");
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(Kata);
        foreach (var option in new Option[] { Format, Source, AllowModifiedTests, Output, Summary, Repos, Gradebook, Manifest, HangTimeout })
        {
            command.Options.Add(option);
        }
    }
}
