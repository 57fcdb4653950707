using System.Text.Json;
using Katas.Grader.Running;
using Microsoft.CodeAnalysis.CSharp;

namespace Katas.Grader.FastPath;

/// <summary>
/// The exact compiler command line MSBuild gives a clean-room project (<c>@(CscCommandLineArgs)</c>), parsed by Roslyn's
/// own parser: references, sources, parse and compilation options, output paths. Captured once per kata with a
/// design-time pass that runs every target up to the compiler but not the compiler itself.
/// </summary>
public sealed record CompilerArguments(IReadOnlyList<string> Raw, string ProjectDirectory, CSharpCommandLineArguments Parsed)
{
    /// <summary>
    /// Asks MSBuild for a project's compiler arguments (the project must be restored). <c>BuildingInsideVisualStudio</c>
    /// with <c>BuildingProject=false</c> makes CoreCompile run although its outputs are up to date (as an IDE's
    /// design-time build does); <c>SkipCompilerExecution</c> keeps the compiler from running. Null, and why, when MSBuild fails.
    /// </summary>
    public static async Task<(CompilerArguments? Arguments, string? WhyNot)> CaptureAsync(
        string projectPath, string workingDirectory, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        // To a file: the answer (every item's metadata) is hundreds of KB, more than a process's captured output holds.
        var answer = Path.Combine(Path.GetTempPath(), $"grader-csc-{Guid.NewGuid():N}.json");
        var process = await ProcessRunner.RunAsync("dotnet",
        [
            "msbuild", projectPath, "-nologo", "-noAutoResponse", "-nodeReuse:false", "-t:Compile",
            "-p:DesignTimeBuild=true", "-p:BuildingInsideVisualStudio=true", "-p:BuildingProject=false",
            "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true", "-getItem:CscCommandLineArgs",
            $"-getResultOutputFile:{answer}",
        ], workingDirectory, TimeSpan.FromMinutes(3), environment, cancellationToken: cancellationToken).ConfigureAwait(false);
        var name = Path.GetFileName(projectPath);
        if (process.ExitCode != 0) return (null, $"MSBuild could not give the command line of {name}: {Verification.Verifier.FirstLines(process.Output, 3, 400)}");
        string text;
        try
        {
            text = File.Exists(answer) ? await File.ReadAllTextAsync(answer, cancellationToken).ConfigureAwait(false) : "";
        }
        finally
        {
            File.Delete(answer);
        }
        if (ReadItems(text) is not { Count: > 0 } arguments) return (null, $"MSBuild gave no command line for {name}");
        var parsed = Parse(arguments, Path.GetDirectoryName(Path.GetFullPath(projectPath))!);
        return parsed is null ? (null, $"the command line of {name} is not one the grader can compile with") : (parsed, null);
    }

    /// <summary>The item identities of <c>-getItem:CscCommandLineArgs</c>'s JSON answer, or null when it is not there.</summary>
    public static IReadOnlyList<string>? ReadItems(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        var end = output.LastIndexOf('}');
        if (start < 0 || end < start) return null;
        try
        {
            using var document = JsonDocument.Parse(output[start..(end + 1)]);
            if (!document.RootElement.TryGetProperty("Items", out var items)
                || !items.TryGetProperty("CscCommandLineArgs", out var list) || list.ValueKind != JsonValueKind.Array) return null;
            return list.EnumerateArray()
                .Select(i => i.TryGetProperty("Identity", out var identity) ? identity.GetString() : null)
                .OfType<string>().ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses a command line as csc would, relative paths against the project's folder. Null when csc would refuse it.</summary>
    public static CompilerArguments? Parse(IReadOnlyList<string> arguments, string projectDirectory)
    {
        var parsed = CSharpCommandLineParser.Default.Parse(arguments, projectDirectory, sdkDirectory: null);
        if (parsed.Errors.Any(e => e.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)) return null;
        if (parsed.OutputFileName is null || parsed.SourceFiles.IsDefaultOrEmpty) return null;
        return new CompilerArguments(arguments, projectDirectory, parsed);
    }

    /// <summary>The assembly the command line writes (<c>/out</c>).</summary>
    public string OutputPath => Path.Combine(Parsed.OutputDirectory, Parsed.OutputFileName!);

    /// <summary>The sources it compiles, full paths, in order.</summary>
    public IReadOnlyList<string> SourcePaths => Parsed.SourceFiles.Select(s => Path.GetFullPath(s.Path)).ToList();

    /// <summary>The references it compiles against, full paths.</summary>
    public IReadOnlyList<string> ReferencePaths => Parsed.MetadataReferences.Select(r => Path.GetFullPath(Path.Combine(ProjectDirectory, r.Reference))).ToList();
}
