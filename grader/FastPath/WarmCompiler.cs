using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Katas.Grader.FastPath;

/// <summary>An assembly compiled in memory: the image, its portable PDB and its reference assembly (<c>/refout</c>).</summary>
public sealed record EmittedAssembly(byte[] Image, byte[] Pdb, byte[] ReferenceImage);

/// <summary>What a compilation gave: the assembly, or the errors (in the compiler's order).</summary>
public sealed record CompileOutcome(EmittedAssembly? Assembly, IReadOnlyList<Diagnostic> Errors);

/// <summary>
/// One clean-room project compiled in-process as its captured command line says (<see cref="CompilerArguments"/>): the
/// references are loaded once and kept, its source generators too (their driver is incremental), and each compilation
/// reads the sources afresh. Analyzers are not run (the clean room's builds skip them too).
/// </summary>
public sealed class WarmCompiler
{
    private readonly CompilerArguments _arguments;
    private readonly IReadOnlyList<(string Path, MetadataReference Reference)> _references;
    private readonly CSharpCompilationOptions _options;
    private readonly IReadOnlySet<string> _volatileSources;
    private readonly Dictionary<string, SyntaxTree> _stableTrees = new(StringComparer.Ordinal);
    private GeneratorDriver? _generators;

    /// <param name="volatileSources">Sources read again at every compilation (the learner's files); the others are read once.</param>
    public WarmCompiler(CompilerArguments arguments, IEnumerable<string> volatileSources)
    {
        _arguments = arguments;
        _volatileSources = volatileSources.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var parsed = arguments.Parsed;
        _references = parsed.MetadataReferences
            .Select(r => (Path.GetFullPath(Path.Combine(arguments.ProjectDirectory, r.Reference)), r.Properties))
            .Select(r => (r.Item1, (MetadataReference)MetadataReference.CreateFromFile(r.Item1, r.Properties)))
            .ToList();
        // What csc adds to the options it parsed (CSharpCompiler.CreateCompilation).
        _options = parsed.CompilationOptions
            .WithAssemblyIdentityComparer(DesktopAssemblyIdentityComparer.Default)
            .WithStrongNameProvider(new DesktopStrongNameProvider(parsed.KeyFileSearchPaths))
            .WithXmlReferenceResolver(new XmlFileResolver(parsed.BaseDirectory))
            .WithSourceReferenceResolver(new SourceFileResolver(parsed.SourcePaths, parsed.BaseDirectory, parsed.PathMap))
            .WithMetadataReferenceResolver(null);
        var generators = SourceGenerators.Load(parsed.AnalyzerReferences.Select(a => Path.Combine(arguments.ProjectDirectory, a.FilePath)));
        if (!generators.IsEmpty)
        {
            _generators = CSharpGeneratorDriver.Create(generators, [], parsed.ParseOptions, SourceGenerators.Options(parsed.AnalyzerConfigPaths));
        }
    }

    public CompilerArguments Arguments => _arguments;

    /// <summary>The references a compilation uses, by full path.</summary>
    public IReadOnlyList<string> ReferencePaths => _references.Select(r => r.Path).ToList();

    /// <summary>Compiles and emits in memory. <paramref name="replacing"/>: references given in place of the file at a path.</summary>
    public CompileOutcome Compile(IReadOnlyDictionary<string, MetadataReference>? replacing = null)
    {
        var parsed = _arguments.Parsed;
        var trees = _arguments.SourcePaths.Select(Tree).ToList();
        var references = _references.Select(r => replacing is not null && replacing.TryGetValue(r.Path, out var other) ? other : r.Reference);
        Compilation compilation = CSharpCompilation.Create(parsed.CompilationName, trees, references, _options);
        var diagnostics = ImmutableArray<Diagnostic>.Empty;
        if (_generators is not null)
        {
            _generators = _generators.RunGeneratorsAndUpdateCompilation(compilation, out compilation, out diagnostics);
        }
        using var image = new MemoryStream();
        using var pdb = new MemoryStream();
        using var reference = new MemoryStream();
        var pdbPath = parsed.PdbPath ?? Path.ChangeExtension(_arguments.OutputPath, ".pdb");
        var result = compilation.Emit(image, pdb, metadataPEStream: reference,
            // As csc with /refout: the reference assembly beside it leaves private members out.
            options: parsed.EmitOptions.WithPdbFilePath(pdbPath).WithDebugInformationFormat(DebugInformationFormat.PortablePdb).WithIncludePrivateMembers(false));
        var errors = diagnostics.Concat(result.Diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return result.Success && errors.Count == 0
            ? new CompileOutcome(new EmittedAssembly(image.ToArray(), pdb.ToArray(), reference.ToArray()), [])
            : new CompileOutcome(null, errors);
    }

    private SyntaxTree Tree(string path)
    {
        if (!_volatileSources.Contains(path) && _stableTrees.TryGetValue(path, out var known)) return known;
        SourceText text;
        using (var stream = File.OpenRead(path))
        {
            text = SourceText.From(stream, _arguments.Parsed.Encoding, _arguments.Parsed.ChecksumAlgorithm);
        }
        var tree = CSharpSyntaxTree.ParseText(text, _arguments.Parsed.ParseOptions, path);
        if (!_volatileSources.Contains(path)) _stableTrees[path] = tree;
        return tree;
    }
}
