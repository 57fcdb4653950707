using Microsoft.CodeAnalysis;

namespace Katas.Analyzers;

/// <summary>The clock-related types of a compilation (the rules about the TimeProvider need it to exist).</summary>
internal sealed class ClockTypes
{
    private ClockTypes(INamedTypeSymbol timeProvider, INamedTypeSymbol timeSpan, INamedTypeSymbol task, INamedTypeSymbol? genericTask,
        INamedTypeSymbol cancellationTokenSource, INamedTypeSymbol? periodicTimer)
    {
        TimeProvider = timeProvider;
        TimeSpan = timeSpan;
        Task = task;
        GenericTask = genericTask;
        CancellationTokenSource = cancellationTokenSource;
        PeriodicTimer = periodicTimer;
    }

    public INamedTypeSymbol TimeProvider { get; }
    public INamedTypeSymbol TimeSpan { get; }
    public INamedTypeSymbol Task { get; }
    public INamedTypeSymbol? GenericTask { get; }
    public INamedTypeSymbol CancellationTokenSource { get; }
    public INamedTypeSymbol? PeriodicTimer { get; }

    public static ClockTypes? From(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.TimeProvider") is { } timeProvider
        && compilation.GetTypeByMetadataName("System.TimeSpan") is { } timeSpan
        && compilation.GetTypeByMetadataName("System.Threading.Tasks.Task") is { } task
        && compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource") is { } source
            ? new ClockTypes(timeProvider, timeSpan, task, compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1"),
                source, compilation.GetTypeByMetadataName("System.Threading.PeriodicTimer"))
            : null;

    /// <summary>TimeProvider itself or a type derived from it (FakeTimeProvider, a test's own clock).</summary>
    public static bool IsTimeProvider(ITypeSymbol? type, INamedTypeSymbol timeProvider)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, timeProvider)) return true;
        }
        return false;
    }
}
