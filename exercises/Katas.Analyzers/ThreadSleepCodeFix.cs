using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Katas.Analyzers;

/// <summary>
/// KATA001's fix: <c>Thread.Sleep(delay);</c> in an async method becomes
/// <c>await Task.Delay(delay, timeProvider, cancellationToken);</c>, with the TimeProvider in scope (and the
/// CancellationToken, when there is one). Offered only where all of that is there: an async method, a TimeProvider,
/// a Thread.Sleep that is a statement of its own.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThreadSleepCodeFix)), Shared]
public sealed class ThreadSleepCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [ThreadSleepAnalyzer.Id];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement } sleep
                || sleep.ArgumentList.Arguments.Count != 1 || !InAsyncFunction(sleep)
                || InScope.TimeProvider(model, sleep.SpanStart) is not { } timeProvider) continue;
            var token = InScope.CancellationToken(model, sleep.SpanStart);
            var delay = Delay.AsTimeSpan(model, sleep.ArgumentList.Arguments[0].Expression, context.CancellationToken);
            context.RegisterCodeFix(CodeAction.Create(
                $"await Task.Delay on {timeProvider}",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(statement,
                    Await(statement, TypeName.At(model, sleep.SpanStart, "System.Threading.Tasks.Task"), delay, timeProvider, token)))),
                equivalenceKey: nameof(ThreadSleepCodeFix)), diagnostic);
        }
    }

    private static StatementSyntax Await(ExpressionStatementSyntax statement, string task, string delay, string timeProvider, string? token)
    {
        var arguments = token is null ? $"{delay}, {timeProvider}" : $"{delay}, {timeProvider}, {token}";
        var delayCall = SyntaxFactory.ParseExpression($"{task}.Delay({arguments})");
        return statement.WithExpression(SyntaxFactory.AwaitExpression(delayCall).WithTriviaFrom(statement.Expression));
    }

    /// <summary>Whether the innermost function around the node is async: only there can it await.</summary>
    private static bool InAsyncFunction(SyntaxNode node)
    {
        var function = node.Ancestors().FirstOrDefault(a => a is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax
            or AccessorDeclarationSyntax or ConstructorDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax);
        return function switch
        {
            MethodDeclarationSyntax m => m.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax f => f.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax a => a.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            _ => false,
        };
    }
}
