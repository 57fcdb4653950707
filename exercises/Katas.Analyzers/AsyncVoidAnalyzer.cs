using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Katas.Analyzers;

/// <summary>
/// KATA004: an <c>async void</c> method, local function or lambda that is not an event handler. Nobody can await it
/// (its caller goes on before it is done), and an exception it throws reaches no caller: it crashes the process.
/// An event handler (<c>(object sender, SomeEventArgs e)</c>) is the one place it belongs, and so is an override
/// or an interface's method whose void signature is not the author's to change.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncVoidAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "KATA004";

    public static readonly DiagnosticDescriptor Rule = new(
        Id,
        title: "async void outside an event handler",
        messageFormat: "{0} is async void: nobody can await it, and what it throws crashes the process; make it async Task and await it (kata 11-forgotten-await)",
        category: "Katas.Async",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An async void method cannot be awaited: its caller carries on before it is done, and its exceptions reach " +
                     "no caller. It is meant for event handlers only.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var eventArgs = start.Compilation.GetTypeByMetadataName("System.EventArgs");
            start.RegisterSyntaxNodeAction(c => AnalyzeDeclaration(c, eventArgs), SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement);
            start.RegisterSyntaxNodeAction(c => AnalyzeAnonymousFunction(c, eventArgs),
                SyntaxKind.SimpleLambdaExpression, SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.AnonymousMethodExpression);
        });
    }

    private static void AnalyzeDeclaration(SyntaxNodeAnalysisContext context, INamedTypeSymbol? eventArgs)
    {
        var (modifiers, identifier) = context.Node switch
        {
            MethodDeclarationSyntax m => (m.Modifiers, m.Identifier),
            LocalFunctionStatementSyntax f => (f.Modifiers, f.Identifier),
            _ => (default, default),
        };
        if (!modifiers.Any(SyntaxKind.AsyncKeyword) || CourseCode.IsKataTest(context.Node.SyntaxTree)) return;
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken) is not IMethodSymbol method
            || !method.ReturnsVoid || IsEventHandler(method, eventArgs)
            || method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty || ImplementsAnInterface(method)) return;
        context.ReportDiagnostic(Diagnostic.Create(Rule, identifier.GetLocation(), method.Name));
    }

    private static void AnalyzeAnonymousFunction(SyntaxNodeAnalysisContext context, INamedTypeSymbol? eventArgs)
    {
        var function = (AnonymousFunctionExpressionSyntax)context.Node;
        if (!function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) || CourseCode.IsKataTest(context.Node.SyntaxTree)) return;
        if (context.SemanticModel.GetSymbolInfo(function, context.CancellationToken).Symbol is not IMethodSymbol method
            || !method.ReturnsVoid || IsEventHandler(method, eventArgs)) return;
        context.ReportDiagnostic(Diagnostic.Create(Rule, function.AsyncKeyword.GetLocation(), "This lambda"));
    }

    /// <summary>The .NET event pattern: <c>(object sender, TEventArgs e)</c> with TEventArgs an EventArgs.</summary>
    private static bool IsEventHandler(IMethodSymbol method, INamedTypeSymbol? eventArgs)
    {
        if (eventArgs is null || method.Parameters.Length != 2 || method.Parameters[0].Type.SpecialType != SpecialType.System_Object) return false;
        for (var t = method.Parameters[1].Type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, eventArgs)) return true;
        }
        return false;
    }

    private static bool ImplementsAnInterface(IMethodSymbol method)
    {
        foreach (var contract in method.ContainingType.AllInterfaces)
        {
            foreach (var member in contract.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method)) return true;
            }
        }
        return false;
    }
}
