using System.Threading.Tasks;
using Contention.Analyzers.Async;
using Contention.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Async.CTN1003SyncCallWithAsyncTwinAnalyzer,
    Contention.CodeFixes.Async.CTN1003SyncCallWithAsyncTwinCodeFixProvider>;

namespace Contention.Analyzers.Tests.Async;

public sealed class CTN1003SyncCallWithAsyncTwinTests
{
    private const string Usings = "using System;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n\n";

    [Fact]
    public Task FrameworkCalls_AreAwaitedWithTheTokenInScope() => Verify.VerifyCodeFixAsync(
        Usings + """
        class Importer
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

            async Task<int> ImportAsync(string path, Stream output, CancellationToken cancellationToken)
            {
                _gate.{|CTN1003:Wait()|};
                var text = File.{|CTN1003:ReadAllText(path)|};
                using var reader = new StreamReader(path);
                var rest = reader.{|CTN1003:ReadToEnd()|}.Trim();
                output.{|CTN1003:Write(new byte[4], 0, 4)|};
                output.{|CTN1003:Flush()|};
                return text.Length + rest.Length;
            }
        }
        """,
        Usings + """
        class Importer
        {
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

            async Task<int> ImportAsync(string path, Stream output, CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken);
                var text = await File.ReadAllTextAsync(path, cancellationToken);
                using var reader = new StreamReader(path);
                var rest = (await reader.ReadToEndAsync(cancellationToken)).Trim();
                await output.WriteAsync(new byte[4], 0, 4, cancellationToken);
                await output.FlushAsync(cancellationToken);
                return text.Length + rest.Length;
            }
        }
        """);

    [Fact]
    public Task SynchronousUsingOfAnAsyncDisposable_BecomesAwaitUsing() => Verify.VerifyCodeFixAsync(
        Usings + """
        class Exporter
        {
            async Task ExportAsync(string path)
            {
                {|CTN1003:using|} (var file = File.Create(path))
                {
                    await file.WriteAsync(new byte[1]);
                }

                // the second file
                {|CTN1003:using|} var other = File.Create(path + ".bak");
                await other.WriteAsync(new byte[1]);
            }
        }
        """,
        Usings + """
        class Exporter
        {
            async Task ExportAsync(string path)
            {
                await using (var file = File.Create(path))
                {
                    await file.WriteAsync(new byte[1]);
                }

                // the second file
                await using var other = File.Create(path + ".bak");
                await other.WriteAsync(new byte[1]);
            }
        }
        """);

    [Fact]
    public Task OwnTypesWithATwin_AreReported_AndMessageNamesBoth() => Verify.VerifyAnalyzerAsync(
        Usings + """
        class Repository
        {
            public int Save(string item) => 1;
            public Task<int> SaveAsync(string item, CancellationToken cancellationToken = default) => Task.FromResult(1);
        }

        class Service
        {
            async Task StoreAsync(Repository repository)
            {
                await Task.Yield();
                repository.{|#0:Save("x")|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Repository.Save", "async method 'StoreAsync'", "await Repository.SaveAsync"));

    [Fact]
    public Task RequiredToken_WithNoneInScope_GetsCancellationTokenNone() => Verify.VerifyCodeFixAsync(
        Usings + """
        class Channel
        {
            public void Send(string message) { }
            public Task SendAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        class Service
        {
            async Task NotifyAsync(Channel channel)
            {
                await Task.Yield();
                channel.{|CTN1003:Send("x")|};
            }
        }
        """,
        Usings + """
        class Channel
        {
            public void Send(string message) { }
            public Task SendAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        class Service
        {
            async Task NotifyAsync(Channel channel)
            {
                await Task.Yield();
                await channel.SendAsync("x", CancellationToken.None);
            }
        }
        """);

    [Fact]
    public Task TimersAndTokenRegistrations_AreNotWorthAwaiting() => Verify.VerifyAnalyzerAsync(Usings + """
        class Service
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                await Task.Yield();
                using var registration = cancellationToken.Register(() => { });
                using var timer = new Timer(_ => { });
                registration.Dispose();
                timer.Dispose();
            }
        }
        """);

    [Fact]
    public Task NamedArguments_AreReportedButNotFixed()
    {
        var source = Usings + """
            class Service
            {
                async Task<string> LoadAsync(string path)
                {
                    await Task.Yield();
                    return File.{|CTN1003:ReadAllText(path: path)|};
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task NotEquivalentTwins_AreSilent() => Verify.VerifyAnalyzerAsync(Usings + """
        class Repository
        {
            public void Run() { }
            public Task RunAsync() { Run(); return Task.CompletedTask; }

            public void Save(string item) { }
            public Task SaveAsync(int id) => Task.CompletedTask;

            public void Load() { }
            [Obsolete("use the event")]
            public Task LoadAsync() => Task.CompletedTask;

            public int Count() => 1;
            public Task CountAsync() => Task.CompletedTask;

            public void Queue() { }
            public void QueueAsync() { }
        }

        class Service
        {
            async Task UseAsync(Repository repository, SemaphoreSlim gate, CancellationTokenSource source, Stream stream)
            {
                await Task.Yield();
                repository.Save("x");
                repository.Load();
                repository.Count();
                repository.Queue();
                var ready = gate.Wait(0);
                source.Cancel();
                var memory = new MemoryStream();
                memory.Write(new byte[1], 0, 1);
                memory.Flush();
                using (var inMemory = new MemoryStream()) { }
                new StringReader("x").ReadToEnd();
                new StringWriter().Write("x");
                stream.Read(new Span<byte>(new byte[1]));
            }

            void Synchronous(string path) => File.ReadAllText(path);

            async Task OffloadAsync(string path) => await Task.Run(() => File.ReadAllText(path));
        }
        """);

    [Fact]
    public async Task ExcludedMethods_AreSilent()
    {
        const string Config = "root = true\n\n[*]\ncontention.CTN1003.excluded_methods = System.IO.File.WriteAll*\n";
        const string Source = Usings + """
            class Service
            {
                async Task<string> LoadAsync(string path)
                {
                    await Task.Yield();
                    File.WriteAllText(path, "x");
                    return File.{|CTN1003:ReadAllText(path)|};
                }
            }
            """;
        var test = new Verify.Test
        {
            TestCode = Source,
            FixedCode = Source.Replace("File.{|CTN1003:ReadAllText(path)|}", "await File.ReadAllTextAsync(path)", System.StringComparison.Ordinal),
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", Config));
        test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", Config));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("async Task M(string p) { File.ReadAllText( }")]
    [InlineData("async Task M(string p) { File. }")]
    [InlineData("async Task M() { using (var s = ) { } }")]
    [InlineData("async Task M() { using var }")]
    [InlineData("async Task M(Missing m) { m.Read(); }")]
    public async Task HalfTypedCode_NeverThrows(string member)
    {
        var result = await AnalyzerRunner.RunAsync(Usings + "class C { " + member + " }", new CTN1003SyncCallWithAsyncTwinAnalyzer());

        Assert.Empty(result.Exceptions);
    }
}
