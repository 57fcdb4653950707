using Katas.Grader.CleanRoom;
using Katas.Grader.Running;
using Microsoft.CodeAnalysis;

namespace Katas.Grader.FastPath;

/// <summary>What a fast build of a kata gave: its test assembly ready to run, or the compile error a build would report.</summary>
public sealed record FastBuildOutcome(string? TestAssembly, CompileError? Error, bool TestsRecompiled);

/// <summary>
/// One kata of the clean room, built without MSBuild after its first normal build. Its test project's output folder is
/// copied once to a folder of the fast path's own (<c>work/fast/&lt;kata&gt;/</c>; MSBuild's outputs stay MSBuild's, so a
/// later normal build stays correct and incremental). Each build compiles the learner's assembly in-process with the
/// captured command line and writes it there; the test assembly is compiled again only when the learner's reference
/// assembly (its public and internal surface; deterministic compilation) differs from the one the tests were compiled
/// against, since only that surface is what the tests' compilation sees.
/// </summary>
public sealed class FastKataBuild
{
    private readonly WarmCompiler _learner;
    private readonly WarmCompiler _tests;
    private readonly string _learnerReferencePath;
    private readonly Func<string, string> _display;
    private byte[] _testsCompiledAgainst;

    private FastKataBuild(WarmCompiler learner, WarmCompiler tests, string learnerReferencePath, string folder, string testAssembly, Func<string, string> display)
    {
        _learner = learner;
        _tests = tests;
        _learnerReferencePath = learnerReferencePath;
        _display = display;
        Folder = folder;
        TestAssembly = testAssembly;
        _testsCompiledAgainst = File.ReadAllBytes(learnerReferencePath);
    }

    /// <summary>The fast path's output folder: a copy of the test project's output.</summary>
    public string Folder { get; }

    /// <summary>The test assembly in <see cref="Folder"/>.</summary>
    public string TestAssembly { get; }

    /// <summary>The learner's assembly in <see cref="Folder"/> (audited before its tests run).</summary>
    public string LearnerAssembly => Path.Combine(Folder, Path.GetFileName(_learner.Arguments.OutputPath));

    /// <summary>The learner's sources, as the captured command line lists them.</summary>
    public IReadOnlyList<string> Sources => _learner.Arguments.SourcePaths.Concat(_tests.Arguments.SourcePaths).ToList();

    /// <summary>
    /// Sets a kata up after a normal build of it: captures both command lines, loads the compilers, copies the output.
    /// Null, and why, when it cannot be used (the test project was never built, MSBuild did not give a command line...).
    /// </summary>
    public static async Task<(FastKataBuild? Build, string? WhyNot)> SetUpAsync(CleanRoomFolder room, CleanKata kata, IEnumerable<string> learnerSources, CancellationToken cancellationToken)
    {
        var bin = Path.Combine(room.Root, "artifacts", "bin", kata.Project, GeneratedProjects.Pivot);
        if (!File.Exists(Path.Combine(bin, kata.Project + ".dll"))) return (null, "the kata's tests were never built");
        var environment = BuildEnvironment.Scrubbed();
        var learnerArguments = CompilerArguments.CaptureAsync(kata.LearnerProjectPath, room.Root, environment, cancellationToken);
        var testArguments = CompilerArguments.CaptureAsync(kata.TestProjectPath, room.Root, environment, cancellationToken);
        var (learner, learnerWhy) = await learnerArguments.ConfigureAwait(false);
        var (tests, testsWhy) = await testArguments.ConfigureAwait(false);
        if (learner is null || tests is null) return (null, learnerWhy ?? testsWhy);
        var learnerName = Path.GetFileName(learner.OutputPath);
        var reference = tests.ReferencePaths.FirstOrDefault(p => string.Equals(Path.GetFileName(p), learnerName, StringComparison.OrdinalIgnoreCase));
        if (reference is null || !File.Exists(reference)) return (null, "the tests' command line does not reference the learner's assembly");

        var folder = Path.Combine(room.WorkDirectory, "fast", kata.Id);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        CopyFolder(bin, folder);
        return (new FastKataBuild(new WarmCompiler(learner, learnerSources), new WarmCompiler(tests, []), reference, folder,
            Path.Combine(folder, kata.Project + ".dll"), room.DisplayPath), null);
    }

    /// <summary>Compiles the learner's code (and the tests, when its surface changed) into <see cref="Folder"/>.</summary>
    public FastBuildOutcome Build()
    {
        var learner = _learner.Compile();
        if (learner.Assembly is not { } learnerAssembly) return new FastBuildOutcome(null, ErrorOf(learner.Errors), false);
        var recompile = !learnerAssembly.ReferenceImage.AsSpan().SequenceEqual(_testsCompiledAgainst);
        if (recompile)
        {
            var tests = _tests.Compile(new Dictionary<string, MetadataReference>(StringComparer.Ordinal)
            {
                [_learnerReferencePath] = MetadataReference.CreateFromImage(learnerAssembly.ReferenceImage),
            });
            // The tests no longer compile against the learner's code: the kata does not compile, as a build would say.
            if (tests.Assembly is not { } testAssembly) return new FastBuildOutcome(null, ErrorOf(tests.Errors), true);
            Write(TestAssembly, testAssembly);
            _testsCompiledAgainst = learnerAssembly.ReferenceImage;
        }
        Write(LearnerAssembly, learnerAssembly);
        return new FastBuildOutcome(TestAssembly, null, recompile);
    }

    private CompileError ErrorOf(IReadOnlyList<Diagnostic> errors)
    {
        var first = errors[0];
        var span = first.Location.GetMappedLineSpan();
        var file = first.Location.IsInSource && span.Path is { Length: > 0 } path ? _display(path) : null;
        return new CompileError(file, file is null ? 0 : span.StartLinePosition.Line + 1, first.Id, first.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void Write(string path, EmittedAssembly assembly)
    {
        File.WriteAllBytes(path, assembly.Image);
        File.WriteAllBytes(Path.ChangeExtension(path, ".pdb"), assembly.Pdb);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
