using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Katas.Analyzers.Tests;

/// <summary>
/// Runs an analyzer (and a code fix) on C# source with Roslyn's test framework, against .NET's own reference
/// assemblies found on this machine: nothing is downloaded, so the tests pass offline, as in CI.
/// </summary>
internal static class Verify
{
    /// <summary>The source is checked against its markup: <c>[|...|]</c> where the diagnostic is, nothing else reported.</summary>
    public static Task Diagnostics<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() => Diagnostics<TAnalyzer>([("/0/Test0.cs", source)], expected);

    public static async Task Diagnostics<TAnalyzer>((string Path, string Source)[] files, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { ReferenceAssemblies = LocalNet.ReferenceAssemblies };
        foreach (var file in files) test.TestState.Sources.Add(file);
        test.TestState.AdditionalReferences.AddRange(LocalNet.References.Value);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>The fix turns <paramref name="source"/> into <paramref name="fixedSource"/>; the same text: no fix is offered.</summary>
    public static async Task Fix<TAnalyzer, TFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = LocalNet.ReferenceAssemblies,
        };
        test.TestState.AdditionalReferences.AddRange(LocalNet.References.Value);
        test.FixedState.AdditionalReferences.AddRange(LocalNet.References.Value);
        await test.RunAsync();
    }
}

/// <summary>.NET's reference assemblies: the targeting pack beside the running runtime, else the runtime's own assemblies.</summary>
internal static class LocalNet
{
    /// <summary>No package to resolve (so no download): the assemblies come as <see cref="References"/>.</summary>
    public static readonly ReferenceAssemblies ReferenceAssemblies = new($"net{Environment.Version.Major}.0");

    public static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        Directory.EnumerateFiles(Folder(), "*.dll")
            .Where(f => !Path.GetFileName(f).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Where(IsManagedAssembly)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList());

    private static string Folder()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        var major = Environment.Version.Major;
        var pack = Directory.Exists(packs)
            ? Directory.EnumerateDirectories(packs, $"{major}.*")
                .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
                .Select(d => Path.Combine(d, "ref", $"net{major}.0")).LastOrDefault(Directory.Exists)
            : null;
        return pack ?? runtime;
    }

    /// <summary>The runtime's folder also holds native libraries; only assemblies can be referenced.</summary>
    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
