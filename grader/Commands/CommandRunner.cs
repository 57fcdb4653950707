using System.CommandLine;
using Katas.Grader.Repository;

namespace Katas.Grader.Commands;

/// <summary>Runs a command's body inside a kata repository and turns bad input into a clear message and exit code 2.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions global, Func<KataRepository, TextWriter, Task<int>> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var repository = Locate(parse.GetValue(global.Repository));
            return await body(repository, output).ConfigureAwait(false);
        }
        catch (BadInputException e)
        {
            error.WriteLine($"grader: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    public static KataRepository Locate(DirectoryInfo? requested)
    {
        if (requested is not null)
        {
            if (!requested.Exists) throw new BadInputException($"the folder {requested.FullName} does not exist.");
            if (!KataRepository.IsRoot(requested.FullName))
            {
                throw new BadInputException($"{requested.FullName} is not a kata repository (it has no exercises/Directory.Build.targets).");
            }
            return KataRepository.At(requested.FullName);
        }
        return KataRepository.Find(Directory.GetCurrentDirectory())
            ?? throw new BadInputException(
                $"not inside a kata repository: no folder from {Directory.GetCurrentDirectory()} upwards holds exercises/Directory.Build.targets. " +
                "Run the grader from your clone of the katas (" + LearnerCommand.Of() + "), or pass --repo <folder>.");
    }
}
