using System.CommandLine;
using Katas.Grader.Repository;
using Katas.Grader.WrongAnswers;

namespace Katas.Grader.Commands;

/// <summary>
/// <c>grader wrong-answer &lt;kata&gt; &lt;Mistake&gt; [--from file.cs]</c> (maintainers): makes
/// <c>solutions/&lt;kata&gt;/wrong/&lt;Mistake&gt;.diff</c>, the mistake alone, from a wrong answer written as a whole file;
/// <c>grader wrong-answer --convert</c> does it for every leftover <c>wrong/*.cs</c>.
/// </summary>
public static class WrongAnswerCommand
{
    public static Command Create(GlobalOptions global)
    {
        var kataArgument = new Argument<string?>("kata") { Description = "The kata, e.g. 02-join.", Arity = ArgumentArity.ZeroOrOne };
        var nameArgument = new Argument<string?>("mistake") { Description = "The wrong answer's name, e.g. AwaitsSequentially.", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<FileInfo?>("--from")
        {
            Description = "The wrong answer as a whole <ProjectName>.cs (default: solutions/<kata>/wrong/<mistake>.cs, which is then removed).",
        };
        var description = new Option<string?>("--description") { Description = "The one-line description of the mistake (default: the file's // WRONG: comment)." };
        var convert = new Option<bool>("--convert") { Description = "Convert every solutions/*/wrong/*.cs into a .diff (and remove the .cs)." };
        var command = new Command("wrong-answer",
            "Maintainers: store a known-wrong answer as the mistake alone, solutions/<kata>/wrong/<mistake>.diff, a minimal diff against the reference.");
        command.Arguments.Add(kataArgument);
        command.Arguments.Add(nameArgument);
        command.Options.Add(from);
        command.Options.Add(description);
        command.Options.Add(convert);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            var katas = repository.Katas();
            var jobs = new List<(Kata Kata, string Name, string Source)>();
            if (parse.GetValue(convert))
            {
                foreach (var kata in katas)
                {
                    var wrong = Path.Combine(repository.SolutionDirectory(kata), "wrong");
                    if (!Directory.Exists(wrong)) continue;
                    jobs.AddRange(Directory.EnumerateFiles(wrong, "*.cs").Order(StringComparer.Ordinal)
                        .Select(f => (kata, Path.GetFileNameWithoutExtension(f), f)));
                }
                if (jobs.Count == 0) output.WriteLine("No wrong/*.cs left to convert.");
            }
            else
            {
                var kataName = parse.GetValue(kataArgument) ?? throw new BadInputException("name the kata and the mistake (wrong-answer 02-join AwaitsSequentially), or pass --convert.");
                var name = parse.GetValue(nameArgument) ?? throw new BadInputException("name the mistake too, e.g. wrong-answer 02-join AwaitsSequentially.");
                if (name.EndsWith(".cs", StringComparison.Ordinal) || name.EndsWith(".diff", StringComparison.Ordinal) || name.Contains('/') || name.Contains('\\'))
                {
                    throw new BadInputException($"the mistake is a name like AwaitsSequentially, not a path ('{name}').");
                }
                var kata = HintCommand.Resolve(katas, kataName);
                var source = parse.GetValue(from)?.FullName ?? Path.Combine(repository.SolutionDirectory(kata), "wrong", name + ".cs");
                if (!File.Exists(source)) throw new BadInputException($"there is no file {repository.Relative(source)} (pass the whole wrong <ProjectName>.cs with --from).");
                jobs.Add((kata, name, source));
            }

            var failures = 0;
            foreach (var (kata, name, source) in jobs)
            {
                var solution = repository.SolutionDirectory(kata);
                var referencePath = Path.Combine(solution, kata.ProjectName + ".cs");
                if (!File.Exists(referencePath)) throw new BadInputException($"{kata.Id} has no reference {repository.Relative(referencePath)}.");
                var target = Path.Combine(solution, "wrong", name + ".diff");
                try
                {
                    var made = WrongAnswerMaker.Make(
                        await File.ReadAllTextAsync(referencePath, cancellationToken).ConfigureAwait(false),
                        kata.ProjectName + ".cs",
                        await File.ReadAllTextAsync(source, cancellationToken).ConfigureAwait(false),
                        parse.GetValue(description),
                        $"wrong/{name}.diff");
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await File.WriteAllTextAsync(target, made.Diff, cancellationToken).ConfigureAwait(false);
                    var leftover = Path.Combine(solution, "wrong", name + ".cs");
                    var removed = Path.GetFullPath(source) == Path.GetFullPath(leftover);
                    if (removed) File.Delete(leftover);
                    output.WriteLine($"{repository.Relative(target)}: {made.ChangedLines} changed lines{(removed ? $", replaces {name}.cs" : "")}{(made.Exact ? "" : $" (note: {made.Note})")}");
                }
                catch (Exception e) when (e is WrongAnswerException or KataDiffException)
                {
                    failures++;
                    output.WriteLine($"{kata.Id}/wrong/{name}: not converted: {e.Message}");
                }
            }
            if (jobs.Count > 0 && failures == 0)
            {
                output.WriteLine("Check it: dotnet run --project grader -- verify " + string.Join(" ", jobs.Select(j => j.Kata.Id).Distinct()));
            }
            return failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
