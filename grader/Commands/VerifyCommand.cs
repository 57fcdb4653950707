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
        var updateReadme = new Option<bool>("--update-readme")
        {
            Description = "Rewrite the root README's sample of the grader's table from this run (a learner who finished the first kata).",
        };
        var noFastPath = new Option<bool>("--no-fast-path")
        {
            Description = "Skip the fidelity check of watch's fast path (every variant graded again through it, failing on any " +
                "test whose outcome differs from this run's): quicker, for a local run.",
        };
        var command = new Command("verify",
            "Maintainers: every reference and correct alternative passes every test, every stub fails every test, every wrong answer fails " +
            "at least one, the harness's, the analyzer's and the grader's own tests pass, the manifest and classroom.yml are up to date.");
        command.Arguments.Add(katasArgument);
        command.Options.Add(repeat);
        command.Options.Add(updateReadme);
        command.Options.Add(noFastPath);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            var times = parse.GetValue(repeat);
            if (times < 1) throw new BadInputException($"--repeat must be 1 or more; got {times}.");
            var requested = parse.GetValue(katasArgument) ?? [];
            var all = repository.Katas();
            var katas = requested.Length == 0 ? null : requested.Select(r => HintCommand.Resolve(all, r)).Distinct().OrderBy(k => k.Id, StringComparer.Ordinal).ToList();
            var options = new VerifyOptions(katas, times, FastPath: !parse.GetValue(noFastPath));

            var report = await VerifyRun.RunAsync(repository, output, options, cancellationToken).ConfigureAwait(false);
            if (options.WholeCourse)
            {
                var extra = UpToDateChecks.Run(repository, report.References).ToList();
                var manifest = File.Exists(repository.ManifestPath) ? GradeCommand.LoadManifest(repository) : null;
                var samples = new (ReadmeBlock Block, string? Sample)[]
                {
                    (ReadmeSample.Block, manifest is null ? null : ReadmeSample.Render(manifest, report.References, report.Stubs)),
                    (CourseSample.Block, manifest is null ? null : CourseSample.Render(manifest, report.Stubs)),
                };
                if (parse.GetValue(updateReadme))
                {
                    var readmePath = Path.Combine(repository.Root, "README.md");
                    var readme = await File.ReadAllTextAsync(readmePath, cancellationToken).ConfigureAwait(false);
                    foreach (var (block, sample) in samples.Where(s => s.Sample is not null))
                    {
                        readme = block.With(readme, sample!)
                            ?? throw new BadInputException($"README.md has no {block.Name} markers: add the lines {block.Begin} and {block.End}.");
                    }
                    await File.WriteAllTextAsync(readmePath, readme, cancellationToken).ConfigureAwait(false);
                    output.WriteLine("Rewrote the generated samples in README.md: commit it.");
                }
                extra.AddRange(samples.Select(s => s.Block.Verify(repository, s.Sample)));
                report = report with { Extra = extra };
            }
            else if (parse.GetValue(updateReadme))
            {
                throw new BadInputException("--update-readme needs the whole course: run verify without kata names.");
            }
            // The builds started the compiler server; CI should not be left waiting for it to idle out.
            await Running.ProcessRunner.RunAsync("dotnet", ["build-server", "shutdown", "--vbcscompiler"], repository.Root,
                TimeSpan.FromSeconds(60), cancellationToken: cancellationToken).ConfigureAwait(false);
            VerifyRenderer.Render(report, output);
            return report.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
