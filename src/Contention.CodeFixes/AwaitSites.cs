using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Contention.CodeFixes;

/// <summary>Where a fix may put an <c>await</c> in code the analyzer already proved async.</summary>
internal static class AwaitSites
{
    /// <summary>
    /// <c>await</c> is illegal inside a <c>lock</c> statement or an unsafe context, and wrong while a thread-affine
    /// lock taken by a call (<c>Monitor.Enter</c>, <c>SpinLock.Enter</c>, <c>Mutex.WaitOne</c>, ...) may be held:
    /// the continuation can resume on a thread that does not own it. Nor is it allowed in a catch filter or a query.
    /// </summary>
    public static bool CanAwaitAt(SyntaxNode node)
    {
        var insideFunction = true;
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case UnsafeStatementSyntax:
                    return false;
                case CatchFilterClauseSyntax or QueryExpressionSyntax when insideFunction:
                    return false;
                case LockStatementSyntax when insideFunction:
                    return false;
                case AnonymousFunctionExpressionSyntax lambda:
                    if (insideFunction && TakesThreadAffineLock(lambda.Body))
                    {
                        return false;
                    }

                    insideFunction = false;
                    break;
                case LocalFunctionStatementSyntax local:
                    if (local.Modifiers.Any(SyntaxKind.UnsafeKeyword) || (insideFunction && TakesThreadAffineLock(local)))
                    {
                        return false;
                    }

                    insideFunction = false;
                    break;
                case MemberDeclarationSyntax member:
                    if (member.Modifiers.Any(SyntaxKind.UnsafeKeyword) || (insideFunction && TakesThreadAffineLock(member)))
                    {
                        return false;
                    }

                    insideFunction = false;
                    break;
            }
        }

        return true;
    }

    /// <summary>A cheap syntactic over-approximation: any call that may take a thread-affine lock in the function.</summary>
    private static bool TakesThreadAffineLock(SyntaxNode function)
    {
        foreach (var node in function.DescendantNodes())
        {
            var name = node switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
                InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple.Identifier.ValueText, // using static
                _ => null,
            };
            if (name is "Enter" or "TryEnter" or "EnterScope" or "WaitOne" or "EnterReadLock" or "EnterWriteLock"
                or "EnterUpgradeableReadLock" or "TryEnterReadLock" or "TryEnterWriteLock" or "TryEnterUpgradeableReadLock")
            {
                return true;
            }
        }

        return false;
    }
}
