using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Katas.Analyzers;

/// <summary>
/// KATA001: <c>Thread.Sleep</c>, kata 10's bug. It holds the thread for the whole wait (nothing else runs on it
/// meanwhile), and it waits on the real clock, which the tests' fake clock cannot move.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadSleepAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "KATA001";

    public static readonly DiagnosticDescriptor Rule = new(
        Id,
        title: "Thread.Sleep blocks the thread",
        messageFormat: "Thread.Sleep blocks the thread and waits on the real clock; await Task.Delay(delay, timeProvider, cancellationToken) instead (kata 10-blocking)",
        category: "Katas.Async",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An async method gives its thread back at every await; Thread.Sleep holds it for the whole wait, so nothing " +
                     "else can run on it, and it waits on the real clock instead of the TimeProvider the method was given.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName("System.Threading.Thread") is not { } thread) return;
            start.RegisterOperationAction(c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (invocation.TargetMethod.Name == "Sleep"
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, thread)
                    && !CourseCode.IsKataTest(invocation.Syntax.SyntaxTree))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation()));
                }
            }, OperationKind.Invocation);
        });
    }
}
