using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers;
using Contention.Analyzers.Analysis;
using Contention.CodeFixes.Locking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Contention.CodeFixes.SharedState;

/// <summary>
/// CTN2002, where <c>Interlocked</c> cannot do the update (a <c>double</c>, <c>*=</c>, an old value that is used): a
/// captured local has no lock of its type to reuse, so declare one beside it, <c>var totalGate = new object();</c>
/// (a <c>Lock</c> where the project has it), right after the local's declaration, and put the update under it. Every
/// update of that local fixed together (Fix All) shares the one gate. Offered when the local is declared in a
/// statement of its own in a block, and the update is a statement <see cref="LockWrapping.Target"/> can wrap.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN2002CapturedLocalUpdateLockCodeFixProvider)), Shared]
public sealed class CTN2002CapturedLocalUpdateLockCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN2002CapturedLocalUpdate);

    public override FixAllProvider GetFixAllProvider() =>
        FixGuard.CreateFixAll((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixGuard.TouchesBrokenCodeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is { } plan)
            {
                var name = ExistingGate(plan.Local, plan.Declaration) ?? GateName(plan.Local, plan.Declaration, new HashSet<string>());
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Lock a new '{name}' around the update",
                        ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        EquivalenceKeys.CTN2002LockNewGate),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var groups = new Dictionary<ILocalSymbol, (LocalDeclarationStatementSyntax Declaration, List<SyntaxNode> Targets)>(SymbolEqualityComparer.Default);
        foreach (var diagnostic in diagnostics)
        {
            if (Plan(root, model, diagnostic, cancellationToken) is { } plan)
            {
                if (!groups.TryGetValue(plan.Local, out var group))
                {
                    groups.Add(plan.Local, group = (plan.Declaration, new List<SyntaxNode>()));
                }

                group.Targets.Add(plan.Target);
            }
        }

        if (groups.Count == 0)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var languageVersion = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion;
        var lockType = LockRetargeting.LockTypeFor(model.Compilation, languageVersion);
        var taken = new HashSet<string>();
        var wraps = new List<(SyntaxNode, string)>();
        foreach (var pair in groups)
        {
            var (declaration, targets) = pair.Value;
            if (ExistingGate(pair.Key, declaration) is { } existing)
            {
                wraps.AddRange(targets.Select(target => (target, existing)));
                continue;
            }

            var name = GateName(pair.Key, declaration, taken);
            taken.Add(name);
            TypeSyntax type = lockType is null
                ? PredefinedType(Token(SyntaxKind.ObjectKeyword))
                : ((TypeSyntax)editor.Generator.TypeExpression(lockType)).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation);
            var gate = LocalDeclarationStatement(VariableDeclaration(
                    IdentifierName("var"),
                    SingletonSeparatedList(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(ObjectCreationExpression(type).WithArgumentList(ArgumentList()))))))
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
            editor.InsertAfter(declaration, gate);
            wraps.AddRange(targets.Select(target => (target, name)));
        }

        LockWrapping.Wrap(editor, wraps);
        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The captured local, its declaration statement and the statement to wrap; null where this fix does not apply.</summary>
    private static (ILocalSymbol Local, LocalDeclarationStatementSyntax Declaration, SyntaxNode Target)? Plan(
        SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (model.GetOperation(node, cancellationToken) is not { } update
            || SharedUpdates.Target(update) is not ILocalReferenceOperation { Local: var local }
            || InterlockedRewrite.Rewrite(update) is not null
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } }
            || declaration.Parent is not BlockSyntax
            || declaration.IsConst
            || declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
            || LockWrapping.Target(node, model, cancellationToken) is not { } target)
        {
            return null;
        }

        return (local, declaration, target);
    }

    /// <summary>
    /// The gate this fix declared for the local before (another update fixed on its own): the statement right after the
    /// local's declaration is <c>var totalGate = new object();</c> or <c>new Lock()</c>, named after the local.
    /// </summary>
    private static string? ExistingGate(ILocalSymbol local, LocalDeclarationStatementSyntax declaration)
    {
        var block = (BlockSyntax)declaration.Parent!;
        var index = block.Statements.IndexOf(declaration);
        return index + 1 < block.Statements.Count
            && block.Statements[index + 1] is LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables }
            && variables[0] is { Initializer.Value: ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null } creation } gate
            && creation.Type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.ObjectKeyword } or IdentifierNameSyntax { Identifier.ValueText: "Lock" }
                or QualifiedNameSyntax { Right.Identifier.ValueText: "Lock" }
            && gate.Identifier.ValueText.StartsWith(local.Name.TrimStart('@') + "Gate", System.StringComparison.Ordinal)
                ? gate.Identifier.ValueText
                : null;
    }

    /// <summary><c>totalGate</c>, or <c>totalGate2</c>.. when the name is already used anywhere in the member (a later local would clash).</summary>
    private static string GateName(ILocalSymbol local, LocalDeclarationStatementSyntax declaration, HashSet<string> taken)
    {
        var member = declaration.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)declaration.SyntaxTree.GetRoot();
        var used = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        used.UnionWith(taken);
        var baseName = local.Name.TrimStart('@') + "Gate";
        var name = baseName;
        for (var i = 2; used.Contains(name); i++)
        {
            name = baseName + i;
        }

        return name;
    }
}
