using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Katas.Analyzers;

/// <summary>
/// KATA003: the time read from the real clock (<c>DateTime.Now</c>, <c>UtcNow</c>, <c>Today</c>,
/// <c>DateTimeOffset.Now</c>, <c>UtcNow</c>, a <c>Stopwatch</c>) in kata code, where the TimeProvider has the same
/// reading: the tests move a fake clock, and a reading of the real one does not follow it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WallClockReadAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "KATA003";

    /// <summary>The diagnostic's property holding what replaces the reading, after "timeProvider." (absent: no mechanical fix).</summary>
    public const string ReplacementProperty = "Replacement";

    public static readonly DiagnosticDescriptor Rule = new(
        Id,
        title: "The time read from the real clock instead of the TimeProvider",
        messageFormat: "{0} reads the real clock, which the tests' fake clock cannot move; use {1} (kata 01-hello-async)",
        category: "Katas.Async",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The TimeProvider a kata method is given is its clock: the real one in a program, a fake one in the tests. " +
                     "Read the time and measure durations with it, not with DateTime, DateTimeOffset or Stopwatch.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    private const string StopwatchFix = "timeProvider.GetTimestamp() and timeProvider.GetElapsedTime(start)";

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName("System.TimeProvider") is null) return;
            var stopwatch = start.Compilation.GetTypeByMetadataName("System.Diagnostics.Stopwatch");
            start.RegisterOperationAction(AnalyzePropertyRead, OperationKind.PropertyReference);
            if (stopwatch is null) return;
            start.RegisterOperationAction(c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                // GetElapsedTime(start, end) is arithmetic on two timestamps; every other static call reads the clock.
                if (invocation.TargetMethod.IsStatic && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, stopwatch)
                    && !(invocation.TargetMethod.Name == "GetElapsedTime" && invocation.Arguments.Length == 2))
                {
                    var replacement = invocation.TargetMethod.Name == "GetTimestamp" ? "GetTimestamp()" : null;
                    Report(c, $"Stopwatch.{invocation.TargetMethod.Name}", StopwatchFix, replacement);
                }
            }, OperationKind.Invocation);
            start.RegisterOperationAction(c =>
            {
                if (SymbolEqualityComparer.Default.Equals(((IObjectCreationOperation)c.Operation).Type, stopwatch))
                    Report(c, "new Stopwatch()", StopwatchFix, replacement: null);
            }, OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzePropertyRead(OperationAnalysisContext context)
    {
        var property = ((IPropertyReferenceOperation)context.Operation).Property;
        if (!property.IsStatic) return;
        var replacement = (property.ContainingType.SpecialType, property.ContainingType.ToDisplayString(), property.Name) switch
        {
            (SpecialType.System_DateTime, _, "UtcNow") => "GetUtcNow().UtcDateTime",
            (SpecialType.System_DateTime, _, "Now") => "GetLocalNow().DateTime",
            (SpecialType.System_DateTime, _, "Today") => "GetLocalNow().Date",
            (_, "System.DateTimeOffset", "UtcNow") => "GetUtcNow()",
            (_, "System.DateTimeOffset", "Now") => "GetLocalNow()",
            _ => null,
        };
        if (replacement is null) return;
        Report(context, $"{property.ContainingType.Name}.{property.Name}", "timeProvider." + replacement, replacement);
    }

    private static void Report(OperationAnalysisContext context, string what, string fix, string? replacement)
    {
        if (CourseCode.IsKataTest(context.Operation.Syntax.SyntaxTree)) return;
        var properties = replacement is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(ReplacementProperty, replacement);
        context.ReportDiagnostic(Diagnostic.Create(Rule, context.Operation.Syntax.GetLocation(), properties, what, fix));
    }
}
