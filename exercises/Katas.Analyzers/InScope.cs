using System.Linq;
using Microsoft.CodeAnalysis;

namespace Katas.Analyzers;

/// <summary>
/// What a code fix can pass on at a point of the code: a TimeProvider (or a CancellationToken) that is already there, as
/// a local, a parameter (a primary constructor's too), a field or a property. Locals and parameters come first, then the
/// type's members; none in scope, no fix.
/// </summary>
internal static class InScope
{
    public static string? TimeProvider(SemanticModel model, int position) =>
        model.Compilation.GetTypeByMetadataName("System.TimeProvider") is { } timeProvider
            ? Find(model, position, type => ClockTypes.IsTimeProvider(type, timeProvider))
            : null;

    public static string? CancellationToken(SemanticModel model, int position) =>
        model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken") is { } token
            ? Find(model, position, type => SymbolEqualityComparer.Default.Equals(type, token))
            : null;

    private static string? Find(SemanticModel model, int position, System.Func<ITypeSymbol?, bool> fits)
    {
        var member = model.GetEnclosingSymbol(position);
        while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }) member = member.ContainingSymbol;
        var isStatic = member?.IsStatic ?? false;
        var candidates = model.LookupSymbols(position)
            .Where(s => fits(TypeOf(s)) && Usable(s, member, isStatic))
            .OrderBy(s => s.Kind switch { SymbolKind.Local => 0, SymbolKind.Parameter => 1, _ => 2 })
            .ThenBy(s => s.Name, System.StringComparer.Ordinal);
        return candidates.FirstOrDefault()?.Name;
    }

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>An instance member, or a primary constructor's parameter, is no use in a static method.</summary>
    private static bool Usable(ISymbol symbol, ISymbol? member, bool isStatic) => symbol switch
    {
        ILocalSymbol => true,
        IParameterSymbol parameter => !isStatic || SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, member)
                                      || parameter.ContainingSymbol is IMethodSymbol { MethodKind: not MethodKind.Constructor },
        IFieldSymbol or IPropertySymbol => symbol.IsStatic || !isStatic,
        _ => false,
    };
}
