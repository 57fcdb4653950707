using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Katas.Analyzers;

/// <summary>A delay argument as a TimeSpan, the type every TimeProvider overload takes.</summary>
internal static class Delay
{
    /// <summary>The argument's text, or <c>TimeSpan.FromMilliseconds(argument)</c> for a delay in milliseconds.</summary>
    public static string AsTimeSpan(SemanticModel model, ExpressionSyntax argument, CancellationToken cancellationToken) =>
        model.GetTypeInfo(argument, cancellationToken).Type?.SpecialType == SpecialType.System_Int32
            ? $"{TypeName.At(model, argument.SpanStart, "System.TimeSpan")}.FromMilliseconds({argument.WithoutTrivia()})"
            : argument.WithoutTrivia().ToString();
}
