using System.CommandLine;
using Katas.Grader.Manifest;

namespace Katas.Grader.Commands;

/// <summary><c>grader workflow</c> (maintainers): write <c>.github/workflows/classroom.yml</c> from the manifest.</summary>
public static class WorkflowCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("workflow", "Maintainers: write .github/workflows/classroom.yml (GitHub Classroom autograding) from the manifest.");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, global, async (repository, output) =>
        {
            var manifest = GradeCommand.LoadManifest(repository);
            var path = repository.ClassroomWorkflowPath;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, ClassroomWorkflow.Generate(manifest), cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Wrote {repository.Relative(path)}: {manifest.Katas.Count} runners. Commit it.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
