using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Contention.CodeFixes.Locking;

/// <summary>
/// CTN3001: introduce <c>private readonly object _gate = new();</c> (<c>Lock</c> where the target framework has
/// it and no <c>Monitor</c> call needs an <c>object</c>) and retarget every lock on the same object in the type.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CTN3001LockOnReachableObjectCodeFixProvider)), Shared]
public sealed class CTN3001LockOnReachableObjectCodeFixProvider : CodeFixProvider
{
    private const string Title = "Lock a private readonly object";
    private const string GateName = "_gate";
    private const int CSharp13 = 1300; // LanguageVersion.CSharp13, absent from the Roslyn floor's enum.

    private static readonly string[] MonitorMethods = { "Enter", "TryEnter", "Exit", "Wait", "Pulse", "PulseAll", "IsEntered" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CTN3001LockOnReachableObject);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindTarget(root, semanticModel, diagnostic, context.CancellationToken) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    EquivalenceKeys.CTN3001UsePrivateLockField),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        // One new field per (type, locked object), however many diagnostics point at it.
        var targetsByType = new Dictionary<TypeDeclarationSyntax, List<ISymbol?>>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindTarget(root, semanticModel, diagnostic, cancellationToken) is not { } target)
            {
                continue;
            }

            if (!targetsByType.TryGetValue(target.Type, out var identities))
            {
                targetsByType.Add(target.Type, identities = new List<ISymbol?>());
            }

            if (!identities.Exists(i => SymbolEqualityComparer.Default.Equals(i, target.Member)))
            {
                identities.Add(target.Member);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var symbols = KnownSymbols.For(semanticModel.Compilation);
        var languageVersion = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion;
        foreach (var pair in targetsByType)
        {
            var typeDeclaration = pair.Key;
            var type = semanticModel.GetDeclaredSymbol(typeDeclaration, cancellationToken);
            if (type is null)
            {
                continue;
            }

            var usedNames = MemberNames(type);
            var fields = new List<MemberDeclarationSyntax>();
            foreach (var member in pair.Value)
            {
                var uses = FindUses(typeDeclaration, type, member, semanticModel, symbols, cancellationToken, out var usedWithMonitor);
                var name = UniqueName(usedNames);
                var useLock = symbols.Lock is not null && !usedWithMonitor && (int)languageVersion >= CSharp13;
                fields.Add(CreateField(editor.Generator, name, member?.IsStatic == true, useLock ? symbols.Lock : null, languageVersion));
                foreach (var use in uses)
                {
                    editor.ReplaceNode(use, SyntaxFactory.IdentifierName(name).WithTriviaFrom(use));
                }
            }

            editor.InsertMembers(typeDeclaration, 0, fields);
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The locked expression a diagnostic points at, its type declaration and what it locks (null = this).</summary>
    private static (TypeDeclarationSyntax Type, ISymbol? Member)? FindTarget(
        SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var expression = root.FindNode(diagnostic.Location.SourceSpan) switch
        {
            LockStatementSyntax statement => statement.Expression,
            ArgumentSyntax argument => argument.Expression,
            ExpressionSyntax other => other,
            _ => null,
        };
        var typeDeclaration = expression?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (expression is null || typeDeclaration is null
            || semanticModel.GetDeclaredSymbol(typeDeclaration, cancellationToken) is not { } type)
        {
            return null;
        }

        return Identify(expression, type, semanticModel, cancellationToken, out var member)
            ? (typeDeclaration, member)
            : null;
    }

    /// <summary>True when <paramref name="expression"/> is <c>this</c> (member null) or an own field or property.</summary>
    private static bool Identify(
        ExpressionSyntax expression, INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken, out ISymbol? member)
    {
        member = null;
        if (semanticModel.GetOperation(expression, cancellationToken) is not { } operation)
        {
            return false;
        }

        var target = LockTargets.Unwrap(operation);
        if (LockTargets.IsThis(target))
        {
            return SymbolEqualityComparer.Default.Equals(target.Type, type);
        }

        member = LockTargets.OwnMember(target, type);
        return member is not null;
    }

    /// <summary>Every lock statement and Monitor call in the type (not in nested types) on the same object.</summary>
    private static List<ExpressionSyntax> FindUses(
        TypeDeclarationSyntax typeDeclaration,
        INamedTypeSymbol type,
        ISymbol? member,
        SemanticModel semanticModel,
        KnownSymbols symbols,
        CancellationToken cancellationToken,
        out bool usedWithMonitor)
    {
        usedWithMonitor = false;
        var uses = new List<ExpressionSyntax>();
        foreach (var node in typeDeclaration.DescendantNodes(n => n == typeDeclaration || n is not BaseTypeDeclarationSyntax))
        {
            ExpressionSyntax? candidate = null;
            var isMonitor = false;
            if (node is LockStatementSyntax statement)
            {
                candidate = statement.Expression;
            }
            else if (node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation
                && semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && symbols.IsMonitorMethod(method, MonitorMethods))
            {
                candidate = invocation.ArgumentList.Arguments[0].Expression;
                isMonitor = true;
            }

            if (candidate is not null
                && Identify(candidate, type, semanticModel, cancellationToken, out var candidateMember)
                && SymbolEqualityComparer.Default.Equals(candidateMember, member))
            {
                uses.Add(candidate);
                usedWithMonitor |= isMonitor;
            }
        }

        return uses;
    }

    private static HashSet<string> MemberNames(INamedTypeSymbol type)
    {
        var names = new HashSet<string>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var name in current.MemberNames)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static string UniqueName(HashSet<string> usedNames)
    {
        var name = GateName;
        for (var i = 2; !usedNames.Add(name); i++)
        {
            name = GateName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private static FieldDeclarationSyntax CreateField(
        SyntaxGenerator generator, string name, bool isStatic, INamedTypeSymbol? lockType, LanguageVersion languageVersion)
    {
        var type = lockType is null
            ? SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.ObjectKeyword))
            : ((TypeSyntax)generator.TypeExpression(lockType)).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation);
        ExpressionSyntax initializer = languageVersion >= LanguageVersion.CSharp9
            ? SyntaxFactory.ImplicitObjectCreationExpression()
            : SyntaxFactory.ObjectCreationExpression(type).WithArgumentList(SyntaxFactory.ArgumentList());

        var modifiers = SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword));
        if (isStatic)
        {
            modifiers = modifiers.Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword));
        }

        modifiers = modifiers.Add(SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword));
        return SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(
                    type,
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(initializer)))))
            .WithModifiers(modifiers)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }
}
