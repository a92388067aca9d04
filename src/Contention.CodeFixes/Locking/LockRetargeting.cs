using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Contention.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Contention.CodeFixes.Locking;

/// <summary>
/// The fix CTN3001 and CTN3002 share: introduce <c>private readonly object _gate = new();</c> (<c>Lock</c> where the
/// target framework has it, the language is C# 13+ and no <c>Monitor</c> call needs an <c>object</c>) and retarget
/// every <c>lock</c> statement and <c>Monitor</c> call on the same object (<see cref="LockIdentity"/>) in every part
/// of the type. Never offered when that would split a protocol: a lock on the same object in another file, in a
/// base or derived type (for <c>this</c>), or anywhere else in the solution (for a member, a type or a string).
/// </summary>
internal static class LockRetargeting
{
    private const string GateName = "_gate";
    private const int CSharp13 = 1300; // LanguageVersion.CSharp13, absent from the Roslyn floor's enum.

    private static readonly string[] MonitorMethods = { "Enter", "TryEnter", "Exit", "Wait", "Pulse", "PulseAll", "IsEntered" };

    public static async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        (await PlanAsync(document, ImmutableArray.Create(diagnostic), cancellationToken).ConfigureAwait(false)).Count > 0;

    public static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, diagnostics, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (plan.Count == 0 || root is null || semanticModel is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var symbols = KnownSymbols.For(semanticModel.Compilation);
        var languageVersion = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion;
        foreach (var byType in plan)
        {
            var usedNames = MemberNames(byType.Key);
            var fields = new List<MemberDeclarationSyntax>();
            foreach (var (identity, uses, usedWithMonitor) in byType.Value)
            {
                var name = UniqueName(usedNames);
                var useLock = symbols.Lock is not null && !usedWithMonitor && (int)languageVersion >= CSharp13;
                var isStatic = identity.Kind switch
                {
                    LockIdentityKind.This => false,
                    // An instance field holding a process-wide object (a string, a Type) was shared by every instance.
                    LockIdentityKind.Member => identity.Symbol!.IsStatic
                        || Contention.Analyzers.Locking.CTN3002LockOnWeakIdentityAnalyzer.WhyWeak(MemberType(identity.Symbol)) is not null,
                    _ => true, // a type object or an interned string is one object for the whole process
                };
                fields.Add(CreateField(editor.Generator, name, isStatic, useLock ? symbols.Lock : null, languageVersion));
                foreach (var use in uses)
                {
                    editor.ReplaceNode(use, SyntaxFactory.IdentifierName(name).WithTriviaFrom(use));
                }
            }

            if (FirstDeclarationIn(byType.Key, root.SyntaxTree, cancellationToken) is { } declaration)
            {
                editor.InsertMembers(declaration, 0, fields);
            }
        }

        return await DocumentCleanup.RunAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Per type, the distinct locked objects to move and every use of each; empty when nothing can be fixed.</summary>
    private static async Task<Dictionary<INamedTypeSymbol, List<(LockIdentity Identity, List<ExpressionSyntax> Uses, bool UsedWithMonitor)>>> PlanAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plan = new Dictionary<INamedTypeSymbol, List<(LockIdentity, List<ExpressionSyntax>, bool)>>(SymbolEqualityComparer.Default);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return plan;
        }

        var symbols = KnownSymbols.For(semanticModel.Compilation);
        foreach (var diagnostic in diagnostics)
        {
            if (FindTarget(root, semanticModel, diagnostic, cancellationToken) is not { } target
                || (plan.TryGetValue(target.Type, out var planned) && planned.Exists(p => p.Item1.Equals(target.Identity)))
                || FindUses(target.Type, target.Identity, semanticModel, symbols, cancellationToken, out var usedWithMonitor) is not { } uses
                || await IsLockedElsewhereAsync(document.Project, target.Type, target.Identity, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (!plan.TryGetValue(target.Type, out var list))
            {
                plan.Add(target.Type, list = new List<(LockIdentity, List<ExpressionSyntax>, bool)>());
            }

            list.Add((target.Identity, uses, usedWithMonitor));
        }

        return plan;
    }

    /// <summary>The type around the diagnostic and what it locks: <c>this</c>, an own member, a type object or a string constant.</summary>
    private static (INamedTypeSymbol Type, LockIdentity Identity)? FindTarget(
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
            || Identify(expression, type, semanticModel, cancellationToken) is not { } identity)
        {
            return null;
        }

        return (type, identity);
    }

    /// <summary>
    /// The identity of a locked expression when this fix can move it: <c>this</c> of the type itself, a member
    /// declared by the type (not inherited: the base type locks it too), <c>typeof(..)</c> or a string constant.
    /// </summary>
    private static LockIdentity? Identify(ExpressionSyntax expression, INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (semanticModel.GetOperation(expression, cancellationToken) is not { } operation
            || LockScope.Identify(operation) is not { } identity)
        {
            return null;
        }

        return identity.Kind switch
        {
            LockIdentityKind.This when SymbolEqualityComparer.Default.Equals(identity.Symbol, type) => identity,
            LockIdentityKind.Member when SymbolEqualityComparer.Default.Equals(identity.Symbol!.ContainingType.OriginalDefinition, type.OriginalDefinition) => identity,
            LockIdentityKind.TypeOf or LockIdentityKind.StringLiteral => identity,
            _ => null,
        };
    }

    /// <summary>
    /// Every lock statement and Monitor call on the same object in every part of the type (not in nested types);
    /// null when one of them is in another file, where this document's edit cannot reach it.
    /// </summary>
    private static List<ExpressionSyntax>? FindUses(
        INamedTypeSymbol type, LockIdentity identity, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken, out bool usedWithMonitor)
    {
        usedWithMonitor = false;
        var uses = new List<ExpressionSyntax>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var model = reference.SyntaxTree == semanticModel.SyntaxTree
                ? semanticModel
                : semanticModel.Compilation.GetSemanticModel(reference.SyntaxTree);
            var found = LockTargetsIn(reference.GetSyntax(cancellationToken), type, identity, model, symbols, cancellationToken, out var withMonitor);
            if (found.Count > 0 && model != semanticModel)
            {
                return null;
            }

            uses.AddRange(found);
            usedWithMonitor |= withMonitor;
        }

        return uses;
    }

    /// <summary>The lock statement and Monitor targets in one type declaration (not nested types) that lock <paramref name="identity"/>.</summary>
    private static List<ExpressionSyntax> LockTargetsIn(
        SyntaxNode typeDeclaration, INamedTypeSymbol type, LockIdentity identity, SemanticModel model, KnownSymbols symbols, CancellationToken cancellationToken, out bool usedWithMonitor)
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

            if (candidate is not null && Identify(candidate, type, model, cancellationToken) is { } found && found.Equals(identity))
            {
                targets.Add(candidate);
                usedWithMonitor |= isMonitor;
            }
        }

        return targets;
    }

    /// <summary>True when code outside the type locks the same object, so moving the type's own locks would split them.</summary>
    private static async Task<bool> IsLockedElsewhereAsync(Project project, INamedTypeSymbol type, LockIdentity identity, CancellationToken cancellationToken)
    {
        var solution = project.Solution;
        switch (identity.Kind)
        {
            case LockIdentityKind.This:
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

            case LockIdentityKind.Member or LockIdentityKind.TypeOf:
                var references = await SymbolFinder.FindReferencesAsync(identity.Symbol!, solution, cancellationToken).ConfigureAwait(false);
                foreach (var referenced in references)
                {
                    foreach (var location in referenced.Locations)
                    {
                        if (!location.Location.IsInSource)
                        {
                            continue;
                        }

                        var referenceRoot = await location.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false);
                        var node = referenceRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                        if (IsLockTarget(node) && !IsInside(node, type, cancellationToken))
                        {
                            return true;
                        }
                    }
                }

                return false;

            default:
                // A string constant: any lock on an equal literal elsewhere in the project shares the interned object.
                foreach (var other in project.Documents)
                {
                    if (await other.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } otherRoot)
                    {
                        continue;
                    }

                    foreach (var literal in otherRoot.DescendantNodes())
                    {
                        if (literal is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } text
                            && text.Token.ValueText == identity.Text && IsLockTarget(text) && !IsInside(text, type, cancellationToken))
                        {
                            return true;
                        }
                    }
                }

                return false;
        }
    }

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
            var thisOfType = new LockIdentity(LockIdentityKind.This, type);
            if (LockTargetsIn(declaration, type, thisOfType, model, KnownSymbols.For(model.Compilation), cancellationToken, out _).Count > 0)
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
        while (expression?.Parent is MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax or CastExpressionSyntax or TypeOfExpressionSyntax)
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

    private static ITypeSymbol? MemberType(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    public static HashSet<string> MemberNames(INamedTypeSymbol type)
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

    public static string UniqueName(HashSet<string> usedNames)
    {
        var name = GateName;
        for (var i = 2; !usedNames.Add(name); i++)
        {
            name = GateName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary><c>private [static] readonly object|Lock _gate = new();</c> (<c>new object()</c> before C# 9).</summary>
    public static FieldDeclarationSyntax CreateField(
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

    /// <summary>Whether a new gate should be a <c>Lock</c>: the type exists and the language understands it.</summary>
    public static INamedTypeSymbol? LockTypeFor(Compilation compilation, LanguageVersion languageVersion) =>
        (int)languageVersion >= CSharp13 ? KnownSymbols.For(compilation).Lock : null;
}
