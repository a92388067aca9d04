using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

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

        /// <summary>
        /// After the usual checks, for a test whose fix changes the code: every one of our rules, run over the code
        /// before and after the fix, reports no rule more often after it (a fix must not trade one warning for
        /// another), and none throws. CTN3010 is the allowed follow-up: a fix that leaves an <c>object</c> field only
        /// locked (a new gate, a <c>lock</c> in place of <c>Monitor</c>) makes it a candidate for <c>Lock</c>.
        /// </summary>
        protected override async Task RunImplAsync(CancellationToken cancellationToken)
        {
            await base.RunImplAsync(cancellationToken);
            if (FixedState.Sources.Count == 0)
            {
                return;
            }

            var before = WithoutMarkup(TestState.Sources);
            var after = WithoutMarkup(FixedState.Sources);
            if (before.Select(s => s.Text).SequenceEqual(after.Select(s => s.Text), StringComparer.Ordinal))
            {
                return;
            }

            var beforeResult = await AnalyzerRunner.RunAsync(before, OutputKind.DynamicallyLinkedLibrary);
            var afterResult = await AnalyzerRunner.RunAsync(after, OutputKind.DynamicallyLinkedLibrary);
            Xunit.Assert.Empty(afterResult.Exceptions);
            var counts = beforeResult.Diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
            foreach (var group in afterResult.Diagnostics.GroupBy(d => d.Id))
            {
                if (group.Key != "CTN3010" && group.Count() > counts.GetValueOrDefault(group.Key))
                {
                    Xunit.Assert.Fail(
                        $"the fix leaves more {group.Key} than there were before ({group.Count()} > {counts.GetValueOrDefault(group.Key)}): " +
                        string.Join("; ", group.Select(d => d.ToString())));
                }
            }
        }

        private static List<(string Path, string Text)> WithoutMarkup(SourceFileList sources) =>
            sources.Select(source =>
            {
                TestFileMarkupParser.GetSpans(source.content.ToString(), out var text, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
                return (source.filename, text);
            }).ToList();

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);
    }
}
