using System.CommandLine;

namespace Katas.Grader.Commands;

/// <summary>Options every command understands.</summary>
public sealed class GlobalOptions
{
    /// <summary>The kata repository to work on; by default the one holding the current folder.</summary>
    public Option<DirectoryInfo?> Repository { get; } = new("--repo")
    {
        Description = "The kata repository (default: the one that holds the current folder).",
        Recursive = true,
    };

    public void AddTo(RootCommand root) => root.Options.Add(Repository);
}
