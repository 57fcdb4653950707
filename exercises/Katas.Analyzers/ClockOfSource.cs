using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Katas.Analyzers;

/// <summary>
/// Whether a CancellationTokenSource was made without a TimeProvider, so that its <c>CancelAfter</c> runs on the real
/// clock. Known only for a local variable of the same method, every value of which is a source made here:
/// <c>new CancellationTokenSource()</c> (no TimeProvider) or <c>CancellationTokenSource.CreateLinkedTokenSource(...)</c>
/// (a linked source has none). A parameter, a field or anything else is not known, and not reported.
/// </summary>
internal static class ClockOfSource
{
    public static bool MadeWithoutTimeProvider(IOperation? source, ClockTypes types)
    {
        if (source is not ILocalReferenceOperation { Local: var local }) return false;
        var root = source;
        while (root.Parent is not null) root = root.Parent;

        var values = root.Descendants().Select(o => o switch
        {
            IVariableDeclaratorOperation d when SymbolEqualityComparer.Default.Equals(d.Symbol, local) => d.Initializer?.Value,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } a when SymbolEqualityComparer.Default.Equals(target.Local, local) => a.Value,
            _ => null,
        }).Where(v => v is not null).ToList();
        return values.Count > 0 && values.All(v => IsMadeWithoutTimeProvider(v!, types));
    }

    private static bool IsMadeWithoutTimeProvider(IOperation value, ClockTypes types)
    {
        while (value is IConversionOperation conversion) value = conversion.Operand;
        return value switch
        {
            IObjectCreationOperation { Constructor: { } constructor } =>
                SymbolEqualityComparer.Default.Equals(constructor.ContainingType, types.CancellationTokenSource)
                && !constructor.Parameters.Any(p => ClockTypes.IsTimeProvider(p.Type, types.TimeProvider)),
            IInvocationOperation { TargetMethod: { Name: "CreateLinkedTokenSource" } method } =>
                SymbolEqualityComparer.Default.Equals(method.ContainingType, types.CancellationTokenSource),
            _ => false,
        };
    }
}
