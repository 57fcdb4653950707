using System.CommandLine;

namespace Katas.Grader.Commands;

/// <summary>The command line: <c>grader [grade] [kata] | list | hint | watch | verify | manifest | workflow | wrong-answer</c>.</summary>
public static class Cli
{
    public static RootCommand Build()
    {
        var global = new GlobalOptions();
        var root = new RootCommand(
            "Async Katas for C#: grades your katas and says what to do next. With no command, grades every kata (same as `grade`).");
        global.AddTo(root);
        var rootGrade = new GradeOptionsSet();
        rootGrade.AddTo(root);
        root.SetAction((parse, cancellationToken) => GradeCommand.RunAsync(parse, global, rootGrade, cancellationToken));
        root.Subcommands.Add(GradeCommand.Create(global, new GradeOptionsSet()));
        root.Subcommands.Add(ListCommand.Create(global));
        root.Subcommands.Add(HintCommand.Create(global));
        root.Subcommands.Add(WatchCommand.Create(global));
        root.Subcommands.Add(VerifyCommand.Create(global));
        root.Subcommands.Add(ManifestCommand.Create(global));
        root.Subcommands.Add(WorkflowCommand.Create(global));
        root.Subcommands.Add(WrongAnswerCommand.Create(global));
        root.Subcommands.Add(MutateCommand.Create(global));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = Build();
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration();
        if (output is not null) configuration.Output = output;
        if (error is not null) configuration.Error = error;
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors) configuration.Error.WriteLine($"grader: {parseError.Message}");
            configuration.Error.WriteLine($"Run `{LearnerCommand.Of("--help")}` for the commands and options.");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync(configuration).ConfigureAwait(false);
    }
}
