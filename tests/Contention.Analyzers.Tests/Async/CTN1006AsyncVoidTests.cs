using System.Threading.Tasks;
using Contention.Analyzers.Async;
using Contention.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Async.CTN1006AsyncVoidAnalyzer,
    Contention.CodeFixes.Async.CTN1006AsyncVoidCodeFixProvider>;

namespace Contention.Analyzers.Tests.Async;

public sealed class CTN1006AsyncVoidTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\n\n";

    [Fact]
    public Task AsyncVoidMethod_ReturnsTask_AndAsyncCallersAwaitIt() => Verify.VerifyCodeFixAsync(
        Usings + """
        class Store
        {
            public async void {|CTN1006:SaveAsync|}(string value)
            {
                await Task.Delay(1);
            }

            public async Task SaveAllAsync()
            {
                SaveAsync("a"); // first
                this.SaveAsync("b");
            }

            public void SaveLater() => SaveAsync("c");

            public void SaveNow()
            {
                SaveAsync("d");
            }
        }
        """,
        Usings + """
        class Store
        {
            public async Task SaveAsync(string value)
            {
                await Task.Delay(1);
            }

            public async Task SaveAllAsync()
            {
                await SaveAsync("a"); // first
                await this.SaveAsync("b");
            }

            public void SaveLater() => SaveAsync("c");

            public void SaveNow()
            {
                SaveAsync("d");
            }
        }
        """);

    [Fact]
    public Task UsedAsADelegate_IsReportedButNotFixed()
    {
        // Action needs a void method: returning Task would not compile.
        var source = Usings + """
            class Store
            {
                public async void {|CTN1006:SaveAsync|}()
                {
                    await Task.Delay(1);
                }

                public Action Saver => SaveAsync;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task VirtualMethod_IsReportedButNotFixed()
    {
        // Overrides elsewhere keep 'void' and would no longer compile.
        var source = Usings + """
            class Store
            {
                public virtual async void {|CTN1006:SaveAsync|}() => await Task.Delay(1);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task AsyncVoidLambdaAndLocalFunction_AreReported() => Verify.VerifyAnalyzerAsync(Usings + """
        class Importer
        {
            void Import(List<string> files)
            {
                files.ForEach({|CTN1006:async file =>|} await Task.Delay(1));
                Action run = {|CTN1006:async () =>|} await Task.Delay(1);
                Action<int> legacy = {|CTN1006:async delegate (int x)|} { await Task.Delay(x); };
                Local();

                async void {|CTN1006:Local|}() => await Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task Message_NamesTheMethod() => Verify.VerifyAnalyzerAsync(
        Usings + """
        class Store
        {
            async void {|#0:Save|}() => await Task.Delay(1);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("'Save'", "return 'Task' instead"));

    [Fact]
    public Task EventHandlersOverridesAndImplementations_AreSilent() => Verify.VerifyAnalyzerAsync(Usings + """
        interface INotify
        {
            void Notify(string message);
        }

        abstract class Page
        {
            protected abstract void OnLoaded();
        }

        class Client
        {
            public event Action<string>? Received;
            public event EventHandler? Closed;
        }

        class Window : Page, INotify
        {
            private readonly Client _client = new Client();

            public Window()
            {
                _client.Received += OnReceived;
                _client.Closed += async (sender, e) => await Task.Delay(1);
                _client.Received += async message => await Task.Delay(1);
            }

            private async void OnClick(object sender, EventArgs e) => await Task.Delay(1);

            private async void OnReceived(string message) => await Task.Delay(1);

            protected override async void OnLoaded() => await Task.Delay(1);

            public async void Notify(string message) => await Task.Delay(1);

            private async Task AlreadyTaskAsync() => await Task.Delay(1);

            private EventHandler Handler => async (sender, e) => await Task.Delay(1);
        }
        """);

    [Theory]
    [InlineData("async void M( { }")]
    [InlineData("async void () => { }")]
    [InlineData("void M() { Action a = async () => ; }")]
    [InlineData("void M() { x += async (s, e) => await Task.Delay(1); }")]
    public async Task HalfTypedCode_NeverThrows(string member)
    {
        var result = await AnalyzerRunner.RunAsync(Usings + "class C { " + member + " }", new CTN1006AsyncVoidAnalyzer());

        Assert.Empty(result.Exceptions);
    }
}
