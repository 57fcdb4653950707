using System.CommandLine;
using Katas.Grader.Output;
using Katas.Grader.Verification;

namespace Katas.Grader.Commands;

/// <summary><c>grader verify</c>: the maintainers' command.</summary>
public static class VerifyCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("verify",
            "Maintainers: every reference passes every test, every stub fails every test, every wrong answer fails at least one, " +
            "the harness's and the grader's own tests pass, the manifest and classroom.yml are up to date.");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            var report = await VerifyRun.RunAsync(repository, output, cancellationToken).ConfigureAwait(false);
            report = report with { Extra = UpToDateChecks.Run(repository, report.References) };
            // The builds started the compiler server; CI should not be left waiting for it to idle out.
            await Running.ProcessRunner.RunAsync("dotnet", ["build-server", "shutdown", "--vbcscompiler"], repository.Root,
                TimeSpan.FromSeconds(60), cancellationToken: cancellationToken).ConfigureAwait(false);
            VerifyRenderer.Render(report, output);
            return report.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
