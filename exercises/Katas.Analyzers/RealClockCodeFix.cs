using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Katas.Analyzers;

/// <summary>
/// KATA002's fix: the TimeProvider in scope passed after the delay, <c>Task.Delay(delay, timeProvider, token)</c>,
/// <c>task.WaitAsync(timeout, timeProvider)</c>, <c>new CancellationTokenSource(delay, timeProvider)</c>,
/// <c>new PeriodicTimer(period, timeProvider)</c> (a delay in milliseconds becomes a TimeSpan). None for CancelAfter
/// (the source must be made anew), nor where no TimeProvider is in scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RealClockCodeFix)), Shared]
public sealed class RealClockCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [RealClockAnalyzer.Id];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(RealClockAnalyzer.DelayArgumentProperty)) continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var arguments = node switch
            {
                InvocationExpressionSyntax invocation => invocation.ArgumentList,
                BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
                _ => null,
            };
            if (arguments is not { Arguments.Count: > 0 } || InScope.TimeProvider(model, node.SpanStart) is not { } timeProvider) continue;
            var delay = arguments.Arguments[0];
            var asTimeSpan = SyntaxFactory.ParseExpression(Delay.AsTimeSpan(model, delay.Expression, context.CancellationToken))
                .WithTriviaFrom(delay.Expression);
            var fixedArguments = arguments.WithArguments(arguments.Arguments
                .Replace(delay, delay.WithExpression(asTimeSpan))
                .Insert(1, SyntaxFactory.Argument(SyntaxFactory.IdentifierName(timeProvider))));
            context.RegisterCodeFix(CodeAction.Create(
                $"Pass {timeProvider}",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(arguments, fixedArguments))),
                equivalenceKey: nameof(RealClockCodeFix)), diagnostic);
        }
    }
}
