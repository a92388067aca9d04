using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace Contention.CodeFixes.Locking;

/// <summary>
/// CTN3005: move the statements between an acquisition and its release into a <c>try</c> whose <c>finally</c> holds the
/// release; for <c>Monitor.Enter(o)</c> with nothing awaited in between, offer a <c>lock (o)</c> statement instead.
/// Offered only when the release is a statement of its own in the guarded statement list, no statement before it
/// releases the lock too, no label sits in between, and no local declared in between is used after the release.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN3005ReleaseNotInFinallyCodeFixProvider)), Shared]
public sealed class CTN3005ReleaseNotInFinallyCodeFixProvider : CodeFixProvider
{
    private const string FinallyTitle = "Release it in a finally block";
    private const string LockTitle = "Use a lock statement";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN3005ReleaseNotInFinally);

    public override FixAllProvider GetFixAllProvider() =>
        FixGuard.CreateFixAll((context, document, diagnostics) =>
            FixAllAsync(document, diagnostics, context.CodeActionEquivalenceKey == EquivalenceKeys.CTN3005UseLockStatement, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(FinallyTitle, ct => FixOneAsync(context.Document, diagnostic, useLock: false, ct), EquivalenceKeys.CTN3005ReleaseInFinally),
                diagnostic);
            if (plan.CanUseLock)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(LockTitle, ct => FixOneAsync(context.Document, diagnostic, useLock: true, ct), EquivalenceKeys.CTN3005UseLockStatement),
                    diagnostic);
            }
        }
    }

    private static Task<Document> FixOneAsync(Document document, Diagnostic diagnostic, bool useLock, CancellationToken cancellationToken) =>
        FixAllAsync(document, ImmutableArray.Create(diagnostic), useLock, cancellationToken);

    /// <summary>
    /// Fixes from the last diagnostic to the first, planning each on the document as the later fixes left it: a fix
    /// only rewrites code after its own acquisition, so the spans of the earlier diagnostics still hold.
    /// </summary>
    private static async Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, bool useLock, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            if (await PlanAsync(document, diagnostic.Location.SourceSpan, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            document = document.WithSyntaxRoot(root!.ReplaceNode(plan.Block, Rewrite(plan, useLock && plan.CanUseLock)));
            document = await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return document;
    }

    private static BlockSyntax Rewrite(Plan plan, bool useLock)
    {
        var statements = plan.Block.Statements;
        var guarded = SyntaxFactory.Block(statements.Skip(plan.Start).Take(plan.Release - plan.Start));
        var replaced = useLock ? plan.Start - 1 : plan.Start;
        StatementSyntax replacement = useLock
            ? SyntaxFactory.LockStatement(plan.LockTarget!.WithoutTrivia(), guarded)
            : SyntaxFactory.TryStatement(guarded, default, SyntaxFactory.FinallyClause(SyntaxFactory.Block(statements[plan.Release].WithoutLeadingTrivia())));
        replacement = replacement.WithLeadingTrivia(statements[replaced].GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
        var rewritten = statements.Take(replaced).Append(replacement).Concat(statements.Skip(plan.Release + 1));
        return plan.Block.WithStatements(SyntaxFactory.List(rewritten));
    }

    private sealed class Plan
    {
        public Plan(BlockSyntax block, int start, int release, ExpressionSyntax? lockTarget)
        {
            Block = block;
            Start = start;
            Release = release;
            LockTarget = lockTarget;
        }

        /// <summary>The block whose statements the acquisition guards.</summary>
        public BlockSyntax Block { get; }

        /// <summary>The index of the first guarded statement.</summary>
        public int Start { get; }

        /// <summary>The index of the release statement.</summary>
        public int Release { get; }

        /// <summary>The object of a <c>Monitor.Enter(o);</c> statement right before the guarded statements, when a lock statement may replace the pair.</summary>
        public ExpressionSyntax? LockTarget { get; }

        public bool CanUseLock => LockTarget is not null;
    }

    private static async Task<Plan?> PlanAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || root.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax syntax
            || model.GetOperation(syntax, cancellationToken) is not IInvocationOperation invocation
            || LockCalls.Acquisition(invocation, KnownSymbols.For(model.Compilation)) is not { } acquisition
            || GuardedRegion.Find(invocation) is not { } region
            || region.Start >= region.Statements.Length
            || region.Statements[region.Start].Syntax.Parent is not BlockSyntax block)
        {
            return null;
        }

        var symbols = KnownSymbols.For(model.Compilation);
        var statements = block.Statements;
        var start = statements.IndexOf((StatementSyntax)region.Statements[region.Start].Syntax);
        var release = -1;
        for (var i = start; i < statements.Count && release < 0; i++)
        {
            if (model.GetOperation(statements[i], cancellationToken) is not { } operation)
            {
                return null;
            }

            if (operation.DescendantsAndSelf().OfType<IInvocationOperation>().Any(call => LockCalls.Releases(call, acquisition, symbols) && LockScope.IsDirectlyIn(call, operation)))
            {
                // The first statement that releases must be the release alone, or the try/finally would release twice.
                if (operation is not IExpressionStatementOperation { Operation: IInvocationOperation call } || !LockCalls.Releases(call, acquisition, symbols))
                {
                    return null;
                }

                release = i;
            }
        }

        if (release <= start || statements.Skip(start).Take(release - start).Any(s => s is LabeledStatementSyntax or LocalFunctionStatementSyntax))
        {
            return null;
        }

        // A local declared in the guarded statements and used after the release would fall out of scope in the block.
        var flow = model.AnalyzeDataFlow(statements[start], statements[release - 1]);
        if (flow is null || !flow.Succeeded || flow.VariablesDeclared.Any(v => flow.ReadOutside.Contains(v) || flow.WrittenOutside.Contains(v)))
        {
            return null;
        }

        return new Plan(block, start, release, LockTarget(invocation, acquisition, symbols, statements, start, release));
    }

    /// <summary>
    /// The object to lock when <c>Monitor.Enter(o);</c> on a reference type other than <c>Lock</c> is the statement right
    /// before the guarded ones and nothing in them awaits (a lock statement cannot contain an await) or yields.
    /// </summary>
    private static ExpressionSyntax? LockTarget(
        IInvocationOperation invocation, LockAcquisition acquisition, KnownSymbols symbols, SyntaxList<StatementSyntax> statements, int start, int release)
    {
        if (acquisition.Kind != LockCallKind.Monitor
            || invocation.TargetMethod.Name != "Enter"
            || invocation.Arguments.Length != 1
            || start == 0
            || statements[start - 1] is not ExpressionStatementSyntax { Expression: var expression } || expression != invocation.Syntax
            || LockTargets.Unwrap(acquisition.Target).Type is not { IsReferenceType: true } type
            || SymbolEqualityComparer.Default.Equals(type, symbols.Lock)
            || invocation.Arguments[0].Value.Syntax is not ExpressionSyntax target)
        {
            return null;
        }

        foreach (var statement in statements.Skip(start).Take(release - start))
        {
            if (statement.DescendantNodesAndSelf(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .Any(node => node is AwaitExpressionSyntax or YieldStatementSyntax
                    || node is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 } || node is UsingStatementSyntax { AwaitKeyword.RawKind: not 0 }
                    || node is ForEachStatementSyntax { AwaitKeyword.RawKind: not 0 }))
            {
                return null;
            }
        }

        return target;
    }
}
