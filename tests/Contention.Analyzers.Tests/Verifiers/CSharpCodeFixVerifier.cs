using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Contention.Analyzers.Tests.Verifiers;

/// <summary>Thin wrapper over Microsoft.CodeAnalysis.Testing: our references and language version, markup diagnostics.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A diagnostic of the analyzer's rule (its first descriptor, the live one when it also has a compilation-end twin).</summary>
    public static DiagnosticResult Diagnostic() => Diagnostic(new TAnalyzer().SupportedDiagnostics[0]);

    /// <summary>For an analyzer with more than one descriptor (a rule and its compilation-end twin).</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public static Task VerifyCodeFixAsync(string source, string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.Current;
            TestState.AdditionalReferences.AddRange(TestReferences.CurrentSdkReferences);

            // Markup names a rule by ID; a rule with a compilation-end twin means its live descriptor.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
        }

        /// <summary>Use <see cref="TestReferences.Net80"/> instead of the current SDK's reference pack.</summary>
        public bool UseNet80
        {
            set
            {
                if (value)
                {
                    ReferenceAssemblies = TestReferences.Net80;
                    TestState.AdditionalReferences.Clear();
                }
            }
        }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);
    }
}
