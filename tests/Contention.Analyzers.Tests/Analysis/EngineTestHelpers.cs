using System.Linq;
using Contention.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Contention.Analyzers.Tests.Analysis;

/// <summary>Compiles a snippet and finds the operation at the text marked <c>/*here*/</c>.</summary>
internal static class EngineTestHelpers
{
    public const string Marker = "/*here*/";

    public static CSharpCompilation Compile(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, bool withReferences = true)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        return CSharpCompilation.Create(
            "Engine",
            new[] { tree },
            withReferences ? TestReferences.CurrentSdkReferences : Enumerable.Empty<MetadataReference>(),
            new CSharpCompilationOptions(kind));
    }

    /// <summary>The operation of the expression that follows the marker, and the member whose body holds it.</summary>
    public static (IOperation Operation, ISymbol Member) OperationAtMarker(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var compilation = Compile(source, kind);
        var tree = compilation.SyntaxTrees[0];
        var model = compilation.GetSemanticModel(tree);
        var position = source.IndexOf(Marker, System.StringComparison.Ordinal) + Marker.Length;
        Assert.True(position >= Marker.Length, "no marker in source");
        var node = tree.GetRoot().FindToken(position).Parent!.AncestorsAndSelf().OfType<ExpressionSyntax>().Last(e => e.SpanStart == position);
        var operation = model.GetOperation(node)!;
        var member = node.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or FieldDeclarationSyntax) switch
        {
            FieldDeclarationSyntax field => model.GetDeclaredSymbol(field.Declaration.Variables[0])!,
            MemberDeclarationSyntax declaration => model.GetDeclaredSymbol(declaration)!,
            null => model.GetEnclosingSymbol(position)!,
        };
        return (operation, member);
    }
}
