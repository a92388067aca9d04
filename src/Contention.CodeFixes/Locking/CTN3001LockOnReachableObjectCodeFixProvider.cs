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
using Microsoft.CodeAnalysis.FindSymbols;
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
            if (FindTarget(root, semanticModel, diagnostic, context.CancellationToken) is not { } target
                || await IsLockedByOtherTypesAsync(context.Document.Project.Solution, target.Type, target.Member, context.CancellationToken).ConfigureAwait(false))
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

        // One new field per (type, locked object), however many diagnostics or partial parts point at it.
        var targetsByType = new Dictionary<INamedTypeSymbol, List<ISymbol?>>(SymbolEqualityComparer.Default);
        foreach (var diagnostic in diagnostics)
        {
            if (FindTarget(root, semanticModel, diagnostic, cancellationToken) is not { } target
                || await IsLockedByOtherTypesAsync(document.Project.Solution, target.Type, target.Member, cancellationToken).ConfigureAwait(false))
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
            var type = pair.Key;
            var usedNames = MemberNames(type);
            var fields = new List<MemberDeclarationSyntax>();
            foreach (var member in pair.Value)
            {
                var uses = FindUses(type, member, semanticModel, symbols, cancellationToken, out var usedWithMonitor);
                if (uses is null)
                {
                    continue;
                }

                var name = UniqueName(usedNames);
                var useLock = symbols.Lock is not null && !usedWithMonitor && (int)languageVersion >= CSharp13;
                fields.Add(CreateField(editor.Generator, name, member?.IsStatic == true, useLock ? symbols.Lock : null, languageVersion));
                foreach (var use in uses)
                {
                    editor.ReplaceNode(use, SyntaxFactory.IdentifierName(name).WithTriviaFrom(use));
                }
            }

            if (fields.Count > 0 && FirstDeclarationIn(type, root.SyntaxTree, cancellationToken) is { } declaration)
            {
                editor.InsertMembers(declaration, 0, fields);
            }
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The locked expression a diagnostic points at: its type and what it locks (null = this).</summary>
    private static (INamedTypeSymbol Type, ISymbol? Member)? FindTarget(
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
            || semanticModel.GetDeclaredSymbol(typeDeclaration, cancellationToken) is not { } type
            || !Identify(expression, type, semanticModel, cancellationToken, out var member))
        {
            return null;
        }

        // Retargeting only this type's locks would split a protocol shared with the base type.
        if (member is not null && !SymbolEqualityComparer.Default.Equals(member.ContainingType.OriginalDefinition, type.OriginalDefinition))
        {
            return null;
        }

        // Every lock on the object must move together; one in another file cannot be rewritten from here.
        return FindUses(type, member, semanticModel, KnownSymbols.For(semanticModel.Compilation), cancellationToken, out _) is null
            ? null
            : (type, member);
    }

    /// <summary>
    /// True when another type in the solution locks the same object: a derived type locking <c>this</c>, or any
    /// other type locking the member. Moving only this type's locks to a private gate would split that protocol.
    /// </summary>
    private static async Task<bool> IsLockedByOtherTypesAsync(
        Solution solution, INamedTypeSymbol type, ISymbol? member, CancellationToken cancellationToken)
    {
        if (member is null)
        {
            var related = new List<INamedTypeSymbol>();
            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                related.Add(baseType);
            }

            if (!type.IsSealed && !type.IsStatic)
            {
                related.AddRange(await SymbolFinder.FindDerivedClassesAsync(type, solution, transitive: true, cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            foreach (var relative in related)
            {
                if (await LocksThisAsync(solution, relative, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }

            return false;
        }

        var references = await SymbolFinder.FindReferencesAsync(member, solution, cancellationToken).ConfigureAwait(false);
        foreach (var referenced in references)
        {
            foreach (var location in referenced.Locations)
            {
                if (!location.Location.IsInSource)
                {
                    continue;
                }

                var root = await location.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false);
                var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (IsLockTarget(node) && !IsInside(node, type, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when some declaration of <paramref name="type"/> in source locks <c>this</c>.</summary>
    private static async Task<bool> LocksThisAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (solution.GetDocument(reference.SyntaxTree) is not { } document
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
            {
                continue;
            }

            var declaration = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
            if (LockTargetsIn(declaration, type, null, model, KnownSymbols.For(model.Compilation), cancellationToken, out _).Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the reference is (part of) the object a lock statement or a call locks; a cheap syntactic test.</summary>
    private static bool IsLockTarget(SyntaxNode node)
    {
        var expression = node.FirstAncestorOrSelf<ExpressionSyntax>();
        while (expression?.Parent is MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            expression = (ExpressionSyntax)expression.Parent;
        }

        return expression?.Parent is LockStatementSyntax or ArgumentSyntax;
    }

    private static bool IsInside(SyntaxNode node, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var declaration = node.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) == declaration)
            {
                return true;
            }
        }

        return false;
    }

    private static TypeDeclarationSyntax? FirstDeclarationIn(INamedTypeSymbol type, SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree && reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration)
            {
                return declaration;
            }
        }

        return null;
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

    /// <summary>
    /// Every lock statement and Monitor call on the same object in every part of the type (not in nested
    /// types); null when one of them is in another file, where this document's edit cannot reach it.
    /// </summary>
    private static List<ExpressionSyntax>? FindUses(
        INamedTypeSymbol type,
        ISymbol? member,
        SemanticModel semanticModel,
        KnownSymbols symbols,
        CancellationToken cancellationToken,
        out bool usedWithMonitor)
    {
        usedWithMonitor = false;
        var uses = new List<ExpressionSyntax>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var typeDeclaration = reference.GetSyntax(cancellationToken);
            var model = reference.SyntaxTree == semanticModel.SyntaxTree
                ? semanticModel
                : semanticModel.Compilation.GetSemanticModel(reference.SyntaxTree);
            var found = LockTargetsIn(typeDeclaration, type, member, model, symbols, cancellationToken, out var withMonitor);
            if (found.Count > 0 && model != semanticModel)
            {
                return null;
            }

            uses.AddRange(found);
            usedWithMonitor |= withMonitor;
        }

        return uses;
    }

    /// <summary>The lock statement and Monitor targets in one type declaration (not nested types) that lock <paramref name="member"/> (null = this).</summary>
    private static List<ExpressionSyntax> LockTargetsIn(
        SyntaxNode typeDeclaration,
        INamedTypeSymbol type,
        ISymbol? member,
        SemanticModel model,
        KnownSymbols symbols,
        CancellationToken cancellationToken,
        out bool usedWithMonitor)
    {
        usedWithMonitor = false;
        var targets = new List<ExpressionSyntax>();
        foreach (var node in typeDeclaration.DescendantNodes(n => n == typeDeclaration || n is not BaseTypeDeclarationSyntax))
        {
            ExpressionSyntax? candidate = null;
            var isMonitor = false;
            if (node is LockStatementSyntax statement)
            {
                candidate = statement.Expression;
            }
            else if (node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation
                && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && symbols.IsMonitorMethod(method, MonitorMethods))
            {
                candidate = invocation.ArgumentList.Arguments[0].Expression;
                isMonitor = true;
            }

            if (candidate is not null
                && Identify(candidate, type, model, cancellationToken, out var candidateMember)
                && SymbolEqualityComparer.Default.Equals(candidateMember, member))
            {
                targets.Add(candidate);
                usedWithMonitor |= isMonitor;
            }
        }

        return targets;
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
