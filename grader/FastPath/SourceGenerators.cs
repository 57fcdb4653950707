using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Katas.Grader.FastPath;

/// <summary>
/// The source generators of a command line (<c>/analyzer:</c>; the clean room runs no analyzers, <c>/skipanalyzers+</c>,
/// but csc still runs the generators, e.g. the runtime pack's Regex and LibraryImport ones), loaded once into a load
/// context of their own, with the global options of its <c>/analyzerconfig:</c> files as they see them in a build.
/// </summary>
public static class SourceGenerators
{
    public static ImmutableArray<ISourceGenerator> Load(IEnumerable<string> analyzerPaths)
    {
        var paths = analyzerPaths.Select(Path.GetFullPath).Where(File.Exists).ToList();
        if (paths.Count == 0) return [];
        var loader = new GeneratorLoadContext();
        foreach (var path in paths) loader.AddDependencyLocation(path);
        return [.. paths.SelectMany(p => new AnalyzerFileReference(p, loader).GetGenerators(LanguageNames.CSharp))];
    }

    /// <summary>The <c>key = value</c> lines of global analyzer config files (what MSBuild generates: <c>build_property.*</c>).</summary>
    public static AnalyzerConfigOptionsProvider Options(IEnumerable<string> configPaths)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in configPaths.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(path))
            {
                var text = line.Trim();
                if (text.Length == 0 || text[0] is '#' or ';' or '[') continue;
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0) continue;
                values[text[..equals].Trim()] = text[(equals + 1)..].Trim();
            }
        }
        return new GlobalOptionsProvider(new DictionaryOptions(values));
    }

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }

    private sealed class GlobalOptionsProvider(AnalyzerConfigOptions global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => global;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
    }

    /// <summary>Loads generators and their neighbours by path; Roslyn itself comes from the grader's own context.</summary>
    private sealed class GeneratorLoadContext() : AssemblyLoadContext("grader-source-generators"), IAnalyzerAssemblyLoader
    {
        private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);

        public void AddDependencyLocation(string fullPath) => _paths[Path.GetFileNameWithoutExtension(fullPath)] = fullPath;

        public Assembly LoadFromPath(string fullPath)
        {
            AddDependencyLocation(fullPath);
            return LoadFromAssemblyPath(fullPath);
        }

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name is { } name && _paths.TryGetValue(name, out var path) ? LoadFromAssemblyPath(path) : null;
    }
}
