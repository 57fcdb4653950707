using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace Katas.Analyzers;

/// <summary>
/// KATA003's fix: the reading of the real clock becomes the same reading of the TimeProvider in scope
/// (<c>DateTimeOffset.UtcNow</c> → <c>timeProvider.GetUtcNow()</c>, <c>DateTime.UtcNow</c> →
/// <c>timeProvider.GetUtcNow().UtcDateTime</c>, <c>Stopwatch.GetTimestamp()</c> → <c>timeProvider.GetTimestamp()</c>...).
/// None for a Stopwatch object (what replaces it is a pair of calls), nor where no TimeProvider is in scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WallClockReadCodeFix)), Shared]
public sealed class WallClockReadCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => [WallClockReadAnalyzer.Id];

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(WallClockReadAnalyzer.ReplacementProperty, out var replacement) || replacement is null) continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (InScope.TimeProvider(model, node.SpanStart) is not { } timeProvider) continue;
            var reading = SyntaxFactory.ParseExpression($"{timeProvider}.{replacement}").WithTriviaFrom(node);
            context.RegisterCodeFix(CodeAction.Create(
                $"Read {timeProvider}",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, reading))),
                equivalenceKey: nameof(WallClockReadCodeFix)), diagnostic);
        }
    }
}
