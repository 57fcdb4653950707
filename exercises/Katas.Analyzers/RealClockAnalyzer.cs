using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Katas.Analyzers;

/// <summary>
/// KATA002: a wait or a timer on the real clock where .NET has the same call with a <c>TimeProvider</c>:
/// <c>Task.Delay</c>, <c>task.WaitAsync(timeout)</c>, <c>new CancellationTokenSource(delay)</c>, <c>CancelAfter</c> on a
/// source made without a TimeProvider, <c>new PeriodicTimer(period)</c>. The katas' tests run on a fake clock that
/// only moves the timers of the TimeProvider they pass in; a timer of the real clock breaks them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RealClockAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "KATA002";

    /// <summary>The diagnostic's property that says the code fix may insert the TimeProvider after this argument.</summary>
    public const string DelayArgumentProperty = "DelayArgument";

    public static readonly DiagnosticDescriptor Rule = new(
        Id,
        title: "A wait on the real clock instead of the TimeProvider",
        messageFormat: "{0} waits on the real clock, which the tests' fake clock cannot move; {1} (kata {2})",
        category: "Katas.Async",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Every kata method that waits is given a TimeProvider: the real clock in a program, a fake one in the tests. " +
                     "A timer made without it runs on the real clock, which the tests cannot advance.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (ClockTypes.From(start.Compilation) is not { } types) return;
            start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, types), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, ClockTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (CourseCode.IsKataTest(invocation.Syntax.SyntaxTree) || TakesTimeProvider(method, types)) return;
        var type = method.ContainingType.OriginalDefinition;

        if (method.Name == "Delay" && Is(type, types.Task) && HasTimeProviderOverload(type, "Delay", types))
        {
            Report(context, invocation.Arguments, "Task.Delay without a TimeProvider",
                "pass the TimeProvider: Task.Delay(delay, timeProvider, cancellationToken)", "01-hello-async");
        }
        else if (method.Name == "WaitAsync" && (Is(type, types.Task) || Is(type, types.GenericTask))
                 && method.Parameters.Any(p => Is(p.Type, types.TimeSpan)) && HasTimeProviderOverload(type, "WaitAsync", types))
        {
            Report(context, invocation.Arguments, "WaitAsync(timeout) without a TimeProvider",
                "pass the TimeProvider: task.WaitAsync(timeout, timeProvider, cancellationToken)", "07-timeout");
        }
        else if (method.Name == "CancelAfter" && Is(type, types.CancellationTokenSource)
                 && ClockOfSource.MadeWithoutTimeProvider(invocation.Instance, types))
        {
            Report(context, invocation.Arguments, "CancelAfter on a CancellationTokenSource made without a TimeProvider",
                "make the timed source with new CancellationTokenSource(delay, timeProvider) instead (and link it to the others)", "07-timeout",
                fixable: false);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, ClockTypes types)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is not { } constructor || CourseCode.IsKataTest(creation.Syntax.SyntaxTree) || TakesTimeProvider(constructor, types)) return;
        var type = constructor.ContainingType;

        if (Is(type, types.CancellationTokenSource) && constructor.Parameters.Length == 1 && HasTimeProviderOverload(type, ".ctor", types))
        {
            Report(context, creation.Arguments, "new CancellationTokenSource(delay) without a TimeProvider",
                "pass the TimeProvider: new CancellationTokenSource(delay, timeProvider)", "07-timeout");
        }
        else if (types.PeriodicTimer is not null && Is(type, types.PeriodicTimer) && HasTimeProviderOverload(type, ".ctor", types))
        {
            Report(context, creation.Arguments, "new PeriodicTimer(period) without a TimeProvider",
                "pass the TimeProvider: new PeriodicTimer(period, timeProvider)", "06-async-streams");
        }
    }

    /// <summary>
    /// Reports the call, unless its delay sets no timer at all (zero, or infinite: a wait that only a token ends, on
    /// any clock). The first argument is the delay of every call this rule looks at.
    /// </summary>
    private static void Report(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments,
        string what, string fix, string kata, bool fixable = true)
    {
        var delay = arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
        if (delay is not null && SetsNoTimer(delay.Value)) return;
        var properties = fixable && delay is not null && arguments.All(a => a.ArgumentKind == ArgumentKind.Explicit && !IsNamed(a))
            ? ImmutableDictionary<string, string?>.Empty.Add(DelayArgumentProperty, "0")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Rule, context.Operation.Syntax.GetLocation(), properties, what, fix, kata));
    }

    private static bool IsNamed(IArgumentOperation argument) =>
        argument.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { NameColon: not null };

    private static bool SetsNoTimer(IOperation delay)
    {
        while (delay is IConversionOperation conversion) delay = conversion.Operand;
        if (delay.ConstantValue is { HasValue: true, Value: int milliseconds }) return milliseconds is 0 or -1;
        return delay is IFieldReferenceOperation { Field: var field }
               && ((field.Name == "InfiniteTimeSpan" && field.ContainingType.ToDisplayString() == "System.Threading.Timeout")
                   || (field.Name == "Zero" && field.ContainingType.ToDisplayString() == "System.TimeSpan"));
    }

    private static bool TakesTimeProvider(IMethodSymbol method, ClockTypes types) =>
        method.Parameters.Any(p => ClockTypes.IsTimeProvider(p.Type, types.TimeProvider));

    /// <summary>Only a call that has a TimeProvider overload is reported: the fix must exist.</summary>
    private static bool HasTimeProviderOverload(INamedTypeSymbol type, string name, ClockTypes types) =>
        type.GetMembers(name).OfType<IMethodSymbol>().Any(m => TakesTimeProvider(m, types));

    private static bool Is(ITypeSymbol type, INamedTypeSymbol? expected) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
}
