using System.Linq;
using Microsoft.CodeAnalysis;

namespace Katas.Analyzers;

/// <summary>How the fixes name a type: by its short name where that binds to it (a using, implicit usings), else in full.</summary>
internal static class TypeName
{
    public static string At(SemanticModel model, int position, string metadataName)
    {
        var type = model.Compilation.GetTypeByMetadataName(metadataName);
        var shortName = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        return type is not null && model.LookupNamespacesAndTypes(position, name: shortName).Any(s => SymbolEqualityComparer.Default.Equals(s, type))
            ? shortName
            : "global::" + metadataName;
    }
}
