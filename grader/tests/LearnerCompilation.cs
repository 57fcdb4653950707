using System.Collections.Concurrent;
using Katas.Grader.Repository;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using System.Text;

namespace Katas.Grader.Tests;

/// <summary>
/// Compiles learner files in memory as the clean room's learner project does (a library of those files alone, against
/// .NET's reference assemblies, implicit usings, nullable, no unsafe code), with a portable PDB: what the audit reads,
/// in milliseconds instead of an MSBuild run per variant.
/// </summary>
public static class LearnerCompilation
{
    /// <summary>The implicit usings of an SDK project (Microsoft.NET.Sdk, ImplicitUsings enable).</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> Framework = new(() =>
        Directory.EnumerateFiles(ReferenceAssemblies(), "*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList());

    public sealed record Result(byte[] Image, byte[] Pdb, IReadOnlyList<string> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    /// <summary>Compiles files (full paths) into an assembly; errors are "file(line): message".</summary>
    public static Result Compile(string assemblyName, IEnumerable<string> files, bool allowUnsafe = false) =>
        Compile(assemblyName, files.Select(f => Trees.GetOrAdd(f, path => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(path), Encoding.UTF8), Options, path: path))).ToList(), allowUnsafe);

    /// <summary>Compiles one source text, shown as <paramref name="path"/> in the debug information.</summary>
    public static Result CompileText(string text, string path = "exercises/02-join/Join.cs", bool allowUnsafe = false) =>
        Compile("Join.Learner", [CSharpSyntaxTree.ParseText(SourceText.From(text, Encoding.UTF8), Options, path: path)], allowUnsafe);

    private static Result Compile(string assemblyName, List<SyntaxTree> trees, bool allowUnsafe)
    {
        trees.Add(Usings.Value);
        var compilation = CSharpCompilation.Create(assemblyName, trees, Framework.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Debug, allowUnsafe: allowUnsafe));
        using var image = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = compilation.Emit(image, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Location.GetLineSpan().Path}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}").ToList();
        return new Result(image.ToArray(), pdb.ToArray(), errors);
    }

    private static readonly CSharpParseOptions Options = new(LanguageVersion.Preview);

    /// <summary>Each file parsed once: a kata's reference files are shared by all its wrong answers.</summary>
    private static readonly ConcurrentDictionary<string, SyntaxTree> Trees = new(StringComparer.Ordinal);

    private static readonly Lazy<SyntaxTree> Usings = new(() => CSharpSyntaxTree.ParseText(SourceText.From(ImplicitUsings, Encoding.UTF8), Options, path: "GlobalUsings.g.cs"));

    /// <summary>.NET's reference assemblies (the targeting pack beside the running runtime), else the runtime's own.</summary>
    private static string ReferenceAssemblies()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (Directory.Exists(packs))
        {
            var major = Environment.Version.Major;
            var pack = Directory.EnumerateDirectories(packs, $"{major}.*").OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
                .Select(d => Path.Combine(d, "ref", $"net{major}.0")).LastOrDefault(Directory.Exists);
            if (pack is not null) return pack;
        }
        return runtime;
    }
}

/// <summary>Every learner variant of the repository: each kata's stub, its reference and its wrong answers.</summary>
public static class LearnerVariants
{
    public sealed record Variant(string Name, string AssemblyName, string Friend, IReadOnlyList<string> Files)
    {
        public override string ToString() => Name;
    }

    public static KataRepository Repository { get; } = KataRepository.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("the grader's tests run inside the kata repository");

    private static readonly ConcurrentDictionary<string, LearnerCompilation.Result> Compiled = new();

    public static IEnumerable<Variant> All()
    {
        foreach (var kata in Repository.Katas())
        {
            var stub = CleanRoom.LearnerFiles.Of(kata.Directory).Select(name => Path.Combine(kata.Directory, name)).ToList();
            yield return new Variant($"{kata.Id} stub", kata.ProjectName + ".Learner", kata.ProjectName, stub);
            var solution = Repository.SolutionDirectory(kata);
            if (!Directory.Exists(solution)) continue;
            var reference = CleanRoom.LearnerFiles.Of(solution).Select(name => Path.Combine(solution, name)).ToList();
            yield return new Variant($"{kata.Id} reference", kata.ProjectName + ".Learner", kata.ProjectName, reference);
            foreach (var wrong in Repository.WrongAnswers(kata))
                yield return new Variant($"{kata.Id} wrong/{wrong}", kata.ProjectName + ".Learner", kata.ProjectName, Patched(kata.Id, solution, reference, wrong));
            foreach (var correct in Repository.CorrectAlternatives(kata))
            {
                var files = reference.Where(f => Path.GetFileName(f) != kata.ProjectName + ".cs").Append(Path.Combine(solution, "correct", correct + ".cs")).ToList();
                yield return new Variant($"{kata.Id} correct/{correct}", kata.ProjectName + ".Learner", kata.ProjectName, files);
            }
        }
    }

    /// <summary>
    /// The reference's files with the wrong answer's diff applied (as the kata build applies it), written under a
    /// temporary folder with their own names, so that compiler diagnostics and debug paths name the right file.
    /// </summary>
    private static IReadOnlyList<string> Patched(string kataId, string solution, IReadOnlyList<string> reference, string wrong)
    {
        var diffPath = Path.Combine(solution, "wrong", wrong + ".diff");
        var diff = WrongAnswers.KataDiff.Parse(File.ReadAllText(diffPath), Path.GetFileName(diffPath));
        var folder = Path.Combine(Path.GetTempPath(), "katas-grader-tests", kataId, wrong);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var file in reference)
        {
            var name = Path.GetFileName(file);
            var patch = diff.Files.FirstOrDefault(f => f.Path == name);
            if (patch is null) { files.Add(file); continue; }
            var target = Path.Combine(folder, name);
            File.WriteAllText(target, WrongAnswers.KataDiff.Apply(File.ReadAllText(file), patch, Path.GetFileName(diffPath)));
            files.Add(target);
        }
        return files;
    }

    public static LearnerCompilation.Result Compile(Variant variant) =>
        Compiled.GetOrAdd(variant.Name, _ => LearnerCompilation.Compile(variant.AssemblyName, variant.Files));

    /// <summary>Shows a path of the debug information relative to the repository, as the grader does.</summary>
    public static string Display(string path) => Repository.Relative(path);
}
