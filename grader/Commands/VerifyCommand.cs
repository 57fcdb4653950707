using System.CommandLine;
using Katas.Grader.Output;
using Katas.Grader.Verification;

namespace Katas.Grader.Commands;

/// <summary><c>grader verify [kata…] [--repeat N]</c>: the maintainers' command.</summary>
public static class VerifyCommand
{
    public static Command Create(GlobalOptions global)
    {
        var katasArgument = new Argument<string[]>("katas")
        {
            Description = "Verify only these katas (02-join, 02 or join); the whole-course checks (harness, grader, manifest) then do not run.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Test every variant N times (built once) and fail when any test's outcome differs between the runs.",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("verify",
            "Maintainers: every reference and correct alternative passes every test, every stub fails every test, every wrong answer fails " +
            "at least one, the harness's, the analyzer's and the grader's own tests pass, the manifest and classroom.yml are up to date.");
        command.Arguments.Add(katasArgument);
        command.Options.Add(repeat);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            var times = parse.GetValue(repeat);
            if (times < 1) throw new BadInputException($"--repeat must be 1 or more; got {times}.");
            var requested = parse.GetValue(katasArgument) ?? [];
            var all = repository.Katas();
            var katas = requested.Length == 0 ? null : requested.Select(r => HintCommand.Resolve(all, r)).Distinct().OrderBy(k => k.Id, StringComparer.Ordinal).ToList();
            var options = new VerifyOptions(katas, times);

            var report = await VerifyRun.RunAsync(repository, output, options, cancellationToken).ConfigureAwait(false);
            if (options.WholeCourse) report = report with { Extra = UpToDateChecks.Run(repository, report.References) };
            // The builds started the compiler server; CI should not be left waiting for it to idle out.
            await Running.ProcessRunner.RunAsync("dotnet", ["build-server", "shutdown", "--vbcscompiler"], repository.Root,
                TimeSpan.FromSeconds(60), cancellationToken: cancellationToken).ConfigureAwait(false);
            VerifyRenderer.Render(report, output);
            return report.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
