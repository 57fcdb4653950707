using System.CommandLine;
using Katas.Grader.Repository;

namespace Katas.Grader.Commands;

/// <summary><c>grader hint &lt;kata&gt;</c>: the next tier of hints, one per call, remembering what was shown.</summary>
public static class HintCommand
{
    public static Command Create(GlobalOptions global)
    {
        var kataArgument = new Argument<string>("kata") { Description = "The kata, e.g. 02-join." };
        var reset = new Option<bool>("--reset") { Description = "Forget which hints of this kata were shown." };
        var command = new Command("hint", "Show the next hint for a kata: a nudge first, nearly the answer last.");
        command.Arguments.Add(kataArgument);
        command.Options.Add(reset);
        command.SetAction((parse, _) => CommandRunner.RunAsync(parse, global, (repository, output) =>
        {
            var katas = repository.Katas();
            var kata = Resolve(katas, parse.GetValue(kataArgument)!);
            var hints = Hints.OfKata(kata);
            var state = LearnerState.Load(repository);
            if (parse.GetValue(reset))
            {
                state.Data.HintsShown.Remove(kata.Id);
                state.Save();
                output.WriteLine($"{kata.Id}: hints forgotten; the next `hint {kata.Id}` shows the first one again.");
                return Task.FromResult(ExitCodes.Ok);
            }
            if (hints.Count == 0)
            {
                output.WriteLine($"{kata.Id} has no hints yet (none in exercises/{kata.Id}/README.md).");
                return Task.FromResult(ExitCodes.Ok);
            }
            var shown = state.Data.HintsShown.GetValueOrDefault(kata.Id);
            var next = Math.Min(shown + 1, hints.Count);
            var hint = hints[next - 1];
            output.WriteLine($"{kata.Id} · {hint.Title} ({next} of {hints.Count})");
            output.WriteLine();
            output.WriteLine(hint.Body);
            output.WriteLine();
            output.WriteLine(next < hints.Count
                ? $"Still stuck? Run it again for hint {next + 1}: {LearnerCommand.Of($"hint {kata.Id}")}"
                : "That was the last hint. Read the failing test's message again: it says what happened and what was expected.");
            state.Data.HintsShown[kata.Id] = next;
            state.Save();
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    /// <summary>Accepts <c>02-join</c>, <c>02</c>, <c>2</c>, <c>join</c> or <c>exercises/02-join</c>.</summary>
    public static Kata Resolve(IReadOnlyList<Kata> katas, string requested)
    {
        var name = requested.Replace('\\', '/').TrimEnd('/');
        if (name.StartsWith("exercises/", StringComparison.Ordinal)) name = name["exercises/".Length..];
        var match = katas.FirstOrDefault(k => k.Id == name)
            ?? katas.SingleOrDefault(k => k.Id[..2] == name.PadLeft(2, '0'))
            ?? katas.SingleOrDefault(k => k.Id[3..] == name);
        return match ?? throw new BadInputException(
            $"there is no kata '{requested}'. The katas are: {(katas.Count == 0 ? "(none found under exercises/)" : string.Join(", ", katas.Select(k => k.Id)))}.");
    }
}
