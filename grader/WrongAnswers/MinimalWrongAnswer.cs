using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Katas.Grader.WrongAnswers;

/// <summary>
/// Rewrites a wrong answer written as a whole file into the reference with only the mistake changed, so that its diff
/// against the reference shows the mistake and nothing else. Members are matched by kind, name and parameter types:
/// a member whose code is the same keeps the reference's text (doc comments and all); a changed member takes the wrong
/// answer's code under the reference's doc comment, statement by statement where only its body changed; members only
/// in the wrong answer are added after their predecessor, members only in the reference removed. Comments are trivia:
/// the result compiles to the same code as the wrong answer, which <see cref="SameCode"/> checks.
/// </summary>
public static class MinimalWrongAnswer
{
    public static string Merge(string reference, string wrong)
    {
        var r = CSharpSyntaxTree.ParseText(reference).GetCompilationUnitRoot();
        var w = CSharpSyntaxTree.ParseText(wrong).GetCompilationUnitRoot();
        var text = new StringBuilder();
        // Usings: the reference's, plus any the wrong answer adds (after the reference's last one).
        var missing = w.Usings.Where(u => !r.Usings.Any(ru => SyntaxFactory.AreEquivalent(ru, u))).ToList();
        var firstMember = r.Members.Count > 0 ? r.Members[0].FullSpan.Start : r.EndOfFileToken.FullSpan.Start;
        var usingsEnd = r.Usings.Count > 0 ? r.Usings[^1].FullSpan.End : 0;
        text.Append(reference, 0, usingsEnd);
        foreach (var u in missing) text.Append(u.ToString()).Append('\n');
        text.Append(reference, usingsEnd, firstMember - usingsEnd);
        text.Append(MergeMembers(r.Members, w.Members));
        text.Append(r.EndOfFileToken.ToFullString());
        return text.ToString();
    }

    /// <summary>Whether two sources declare the same code, comments, layout and member order aside.</summary>
    public static bool SameCode(string a, string b, out string difference)
    {
        var left = Canonical(CSharpSyntaxTree.ParseText(a).GetCompilationUnitRoot());
        var right = Canonical(CSharpSyntaxTree.ParseText(b).GetCompilationUnitRoot());
        var at = Enumerable.Range(0, Math.Min(left.Count, right.Count)).FirstOrDefault(i => left[i] != right[i], -1);
        difference = left.Count == right.Count && at < 0 ? ""
            : at >= 0 ? $"{Shorten(left[at])}  <->  {Shorten(right[at])}"
            : $"{left.Count} declarations <-> {right.Count}";
        return difference.Length == 0;
    }

    private static string MergeMembers(SyntaxList<MemberDeclarationSyntax> reference, SyntaxList<MemberDeclarationSyntax> wrong)
    {
        var referenceKeys = Keys(reference);
        var wrongKeys = Keys(wrong);
        var referenceByKey = referenceKeys.Zip(reference).ToDictionary(p => p.First, p => p.Second);
        var wrongByKey = wrongKeys.Zip(wrong).ToDictionary(p => p.First, p => p.Second);

        // Members only in the wrong answer go after the closest matched member before them (or first).
        var addedAfter = new Dictionary<string, List<MemberDeclarationSyntax>>();
        var leading = new List<MemberDeclarationSyntax>();
        string? previous = null;
        for (var i = 0; i < wrong.Count; i++)
        {
            if (referenceByKey.ContainsKey(wrongKeys[i])) { previous = wrongKeys[i]; continue; }
            if (previous is null) leading.Add(wrong[i]);
            else (addedAfter.TryGetValue(previous, out var list) ? list : addedAfter[previous] = []).Add(wrong[i]);
        }

        var text = new StringBuilder();
        foreach (var member in leading) text.Append(member.ToFullString());
        for (var i = 0; i < reference.Count; i++)
        {
            var key = referenceKeys[i];
            if (!wrongByKey.TryGetValue(key, out var counterpart)) continue;
            text.Append(MergeMember(reference[i], counterpart));
            if (addedAfter.TryGetValue(key, out var added)) foreach (var member in added) text.Append(member.ToFullString());
        }
        return text.ToString();
    }

    private static string MergeMember(MemberDeclarationSyntax reference, MemberDeclarationSyntax wrong)
    {
        if (SyntaxFactory.AreEquivalent(reference, wrong, topLevel: false)) return reference.ToFullString();

        switch (reference, wrong)
        {
            case (BaseNamespaceDeclarationSyntax rn, BaseNamespaceDeclarationSyntax wn) when SyntaxFactory.AreEquivalent(rn.Name, wn.Name):
                return Container(rn, rn.Members, wn.Members, null);
            case (TypeDeclarationSyntax rt, TypeDeclarationSyntax wt) when rt.OpenBraceToken.Span.Length > 0 && wt.OpenBraceToken.Span.Length > 0:
                var header = SyntaxFactory.AreEquivalent(rt.WithMembers([]), wt.WithMembers([]), topLevel: false)
                    ? null
                    : wt.ToString()[..(wt.OpenBraceToken.SpanStart - wt.SpanStart)];
                return Container(rt, rt.Members, wt.Members, header);
            case (BaseMethodDeclarationSyntax rm, BaseMethodDeclarationSyntax wm)
                when rm.Body is not null && wm.Body is not null && SyntaxFactory.AreEquivalent(rm.WithBody(wm.Body), wm, topLevel: false):
                return Replace(reference, rm.Body, MergeBlock(rm.Body, wm.Body));
            default:
                return Changed(reference, wrong);
        }
    }

    /// <summary>The reference's text of a namespace or type, its members merged (and its header replaced when it changed).</summary>
    private static string Container(SyntaxNode reference, SyntaxList<MemberDeclarationSyntax> members, SyntaxList<MemberDeclarationSyntax> wrongMembers, string? header)
    {
        var full = reference.ToFullString();
        var origin = reference.FullSpan.Start;
        var start = members.Count > 0 ? members[0].FullSpan.Start
            : reference is TypeDeclarationSyntax t ? t.CloseBraceToken.FullSpan.Start
            : reference is NamespaceDeclarationSyntax n ? n.CloseBraceToken.FullSpan.Start
            : reference.FullSpan.End;
        var end = members.Count > 0 ? members[^1].FullSpan.End : start;
        var prefix = full[..(start - origin)];
        if (header is not null && reference is TypeDeclarationSyntax type)
        {
            prefix = full[..(type.SpanStart - origin)] + header + full[(type.OpenBraceToken.SpanStart - origin)..(start - origin)];
        }
        return prefix + MergeMembers(members, wrongMembers) + full[(end - origin)..];
    }

    /// <summary>
    /// A block whose statements are aligned with the wrong answer's: the same statements keep the reference's text and
    /// comments; a statement changed in place keeps the comments above it (see <see cref="Changed"/>).
    /// </summary>
    private static string MergeBlock(BlockSyntax reference, BlockSyntax wrong)
    {
        var r = reference.Statements;
        var w = wrong.Statements;
        var lcs = new int[r.Count + 1, w.Count + 1];
        for (var i = r.Count - 1; i >= 0; i--)
            for (var j = w.Count - 1; j >= 0; j--)
                lcs[i, j] = SyntaxFactory.AreEquivalent(r[i], w[j], topLevel: false) ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var text = new StringBuilder();
        var origin = reference.FullSpan.Start;
        var full = reference.ToFullString();
        var bodyStart = r.Count > 0 ? r[0].FullSpan.Start : reference.CloseBraceToken.FullSpan.Start;
        var bodyEnd = r.Count > 0 ? r[^1].FullSpan.End : bodyStart;
        text.Append(full[..(bodyStart - origin)]);
        int x = 0, y = 0;
        while (x < r.Count || y < w.Count)
        {
            if (x < r.Count && y < w.Count && SyntaxFactory.AreEquivalent(r[x], w[y], topLevel: false)) { text.Append(r[x].ToFullString()); x++; y++; }
            else if (x < r.Count && y < w.Count && lcs[x + 1, y + 1] == lcs[x, y] && Counterparts(r[x], w[y]))
            {
                text.Append(MergeStatement(r[x], w[y])); x++; y++;
            }
            else if (y >= w.Count || (x < r.Count && lcs[x + 1, y] >= lcs[x, y + 1])) x++;
            else { text.Append(w[y].ToFullString()); y++; }
        }
        text.Append(full[(bodyEnd - origin)..]);
        return text.ToString();
    }

    /// <summary>
    /// Whether a changed statement is the counterpart of a reference statement, so that it may keep the comments above
    /// it: the same kind, declaring the same variables, or calling or assigning the same first name.
    /// </summary>
    private static bool Counterparts(StatementSyntax r, StatementSyntax w) =>
        r.Kind() == w.Kind() && (r, w) switch
        {
            (LocalDeclarationStatementSyntax rd, LocalDeclarationStatementSyntax wd) =>
                rd.Declaration.Variables.Select(v => v.Identifier.Text).SequenceEqual(wd.Declaration.Variables.Select(v => v.Identifier.Text)),
            (ExpressionStatementSyntax re, ExpressionStatementSyntax we) => FirstName(re) == FirstName(we),
            _ => true,
        };

    private static string? FirstName(SyntaxNode node) =>
        node.DescendantTokens().FirstOrDefault(t => t.IsKind(SyntaxKind.IdentifierToken)).Text;

    /// <summary>Two statements of the same kind whose only difference is inside their embedded block.</summary>
    private static bool SameShell(StatementSyntax r, StatementSyntax w) =>
        r.Kind() == w.Kind() && EmbeddedBlock(r) is { } rb && EmbeddedBlock(w) is { } wb
        && SyntaxFactory.AreEquivalent(r.ReplaceNode(rb, wb), w, topLevel: false);

    private static BlockSyntax? EmbeddedBlock(StatementSyntax statement) => statement switch
    {
        BlockSyntax block => block,
        ForEachStatementSyntax { Statement: BlockSyntax b } => b,
        ForStatementSyntax { Statement: BlockSyntax b } => b,
        WhileStatementSyntax { Statement: BlockSyntax b } => b,
        DoStatementSyntax { Statement: BlockSyntax b } => b,
        UsingStatementSyntax { Statement: BlockSyntax b } => b,
        LockStatementSyntax { Statement: BlockSyntax b } => b,
        IfStatementSyntax { Statement: BlockSyntax b, Else: null } => b,
        TryStatementSyntax { Catches.Count: 0, Finally: null } t => t.Block,
        LocalFunctionStatementSyntax { Body: { } b } => b,
        _ => null,
    };

    private static string MergeStatement(StatementSyntax reference, StatementSyntax wrong)
    {
        if (SyntaxFactory.AreEquivalent(reference, wrong, topLevel: false)) return reference.ToFullString();
        if (EmbeddedBlock(reference) is { } rb && EmbeddedBlock(wrong) is { } wb && SameShell(reference, wrong))
        {
            return Replace(reference, rb, MergeBlock(rb, wb));
        }
        return Changed(reference, wrong);
    }

    /// <summary>The reference's full text of <paramref name="node"/> with <paramref name="part"/>'s full text replaced.</summary>
    private static string Replace(SyntaxNode node, SyntaxNode part, string replacement)
    {
        var full = node.ToFullString();
        var origin = node.FullSpan.Start;
        return full[..(part.FullSpan.Start - origin)] + replacement + full[(part.FullSpan.End - origin)..];
    }

    /// <summary>A changed declaration or statement: the wrong answer's code, under the reference's leading comments (and the wrong answer's own line comments).</summary>
    private static string Changed(SyntaxNode reference, SyntaxNode wrong)
    {
        var leading = reference.GetLeadingTrivia().ToFullString();
        var indentation = leading[(leading.LastIndexOf('\n') + 1)..];
        var ownComments = wrong.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)).Select(t => t.ToString()).ToList();
        var referenceComments = reference.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)).Select(t => t.ToString()).ToHashSet();
        var extra = string.Concat(ownComments.Where(c => !referenceComments.Contains(c)).Select(c => c + "\n" + indentation));
        return leading + extra + wrong.ToString() + reference.GetTrailingTrivia().ToFullString();
    }

    /// <summary>Keys that match declarations across the two files: kind, name, arity and parameter types.</summary>
    private static List<string> Keys(SyntaxList<MemberDeclarationSyntax> members)
    {
        var seen = new Dictionary<string, int>();
        var keys = new List<string>();
        foreach (var member in members)
        {
            var key = KeyOf(member);
            var count = seen[key] = seen.GetValueOrDefault(key) + 1;
            keys.Add(count == 1 ? key : $"{key}#{count}");
        }
        return keys;
    }

    private static string KeyOf(MemberDeclarationSyntax member) => member switch
    {
        BaseNamespaceDeclarationSyntax n => $"namespace {n.Name}",
        BaseTypeDeclarationSyntax t => $"type {t.Identifier.Text}`{(t as TypeDeclarationSyntax)?.TypeParameterList?.Parameters.Count ?? 0}",
        DelegateDeclarationSyntax d => $"delegate {d.Identifier.Text}`{d.TypeParameterList?.Parameters.Count ?? 0}",
        MethodDeclarationSyntax m => $"method {m.Identifier.Text}`{m.TypeParameterList?.Parameters.Count ?? 0}{Parameters(m.ParameterList)}",
        ConstructorDeclarationSyntax c => $"constructor {c.Modifiers.Any(SyntaxKind.StaticKeyword)}{Parameters(c.ParameterList)}",
        DestructorDeclarationSyntax => "destructor",
        OperatorDeclarationSyntax o => $"operator {o.OperatorToken.Text}{Parameters(o.ParameterList)}",
        ConversionOperatorDeclarationSyntax o => $"conversion {o.ImplicitOrExplicitKeyword.Text} {Compact(o.Type)}{Parameters(o.ParameterList)}",
        PropertyDeclarationSyntax p => $"property {p.Identifier.Text}",
        IndexerDeclarationSyntax i => $"indexer [{string.Join(",", i.ParameterList.Parameters.Select(p => Compact(p.Type)))}]",
        EventDeclarationSyntax e => $"event {e.Identifier.Text}",
        EventFieldDeclarationSyntax e => $"event {string.Join(",", e.Declaration.Variables.Select(v => v.Identifier.Text))}",
        FieldDeclarationSyntax f => $"field {string.Join(",", f.Declaration.Variables.Select(v => v.Identifier.Text))}",
        EnumMemberDeclarationSyntax e => $"enum member {e.Identifier.Text}",
        _ => member.Kind().ToString(),
    };

    private static string Parameters(ParameterListSyntax list) =>
        "(" + string.Join(",", list.Parameters.Select(p => Compact(p.Type))) + ")";

    private static string Compact(SyntaxNode? node) => node is null ? "" : string.Concat(node.ToString().Where(c => !char.IsWhiteSpace(c)));

    /// <summary>The declarations of a file with trivia stripped, members of each container in a stable order (fields first, as declared).</summary>
    private static List<string> Canonical(CompilationUnitSyntax root)
    {
        var lines = new List<string>();
        foreach (var u in root.Usings) lines.Add(Normal(u));
        lines.Sort(StringComparer.Ordinal);
        lines = lines.Distinct().ToList();
        foreach (var member in Ordered(root.Members)) Add(member, lines);
        return lines;
    }

    private static void Add(MemberDeclarationSyntax member, List<string> lines)
    {
        switch (member)
        {
            case BaseNamespaceDeclarationSyntax n:
                lines.Add("namespace " + Normal(n.Name));
                foreach (var u in n.Usings.Select(Normal).Order(StringComparer.Ordinal)) lines.Add(u);
                foreach (var m in Ordered(n.Members)) Add(m, lines);
                lines.Add("end namespace");
                break;
            case TypeDeclarationSyntax t:
                lines.Add(Normal(t.WithMembers([])));
                foreach (var m in Ordered(t.Members)) Add(m, lines);
                lines.Add("end type");
                break;
            default:
                lines.Add(Normal(member));
                break;
        }
    }

    private static IEnumerable<MemberDeclarationSyntax> Ordered(SyntaxList<MemberDeclarationSyntax> members) =>
        members.Where(m => m is FieldDeclarationSyntax).Concat(members.Where(m => m is not FieldDeclarationSyntax).OrderBy(KeyOf, StringComparer.Ordinal));

    private static string Normal(SyntaxNode node) =>
        new CommentStripper().Visit(node)!.NormalizeWhitespace(" ", " ").ToFullString();

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private sealed class CommentStripper : CSharpSyntaxRewriter
    {
        public CommentStripper() : base(visitIntoStructuredTrivia: false) { }

        public override SyntaxTrivia VisitTrivia(SyntaxTrivia trivia) =>
            trivia.Kind() is SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia
                or SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia
                ? default
                : trivia;
    }
}
