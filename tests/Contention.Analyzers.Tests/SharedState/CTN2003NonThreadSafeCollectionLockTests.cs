using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2003NonThreadSafeCollectionAnalyzer,
    Contention.CodeFixes.SharedState.CTN2003NonThreadSafeCollectionLockCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

/// <summary>CTN2003's second fix: the lock the type already takes around the collection.</summary>
public sealed class CTN2003NonThreadSafeCollectionLockTests
{
    [Fact]
    public Task TheTypesLock_WrapsTheChange() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Crawler
        {
            private readonly Lock _gate = new();
            public readonly List<string> Pages = new();

            public void Crawl(string[] urls)
            {
                Parallel.ForEach(urls, url => {|CTN2003:Pages.Add(url)|});
            }

            public string First()
            {
                lock (_gate)
                {
                    Pages.Sort();
                    return Pages[0];
                }
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Crawler
        {
            private readonly Lock _gate = new();
            public readonly List<string> Pages = new();

            public void Crawl(string[] urls)
            {
                Parallel.ForEach(urls, url => { lock (_gate) { Pages.Add(url); } });
            }

            public string First()
            {
                lock (_gate)
                {
                    Pages.Sort();
                    return Pages[0];
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_WithoutALockTheTypeAlreadyUsesForTheCollection() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Crawler
        {
            public readonly List<string> Pages = new();

            public void Crawl(string[] urls) => Parallel.ForEach(urls, url => {|CTN2003:Pages.Add(url)|});
        }
        """,
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Crawler
        {
            public readonly List<string> Pages = new();

            public void Crawl(string[] urls) => Parallel.ForEach(urls, url => {|CTN2003:Pages.Add(url)|});
        }
        """);
}
