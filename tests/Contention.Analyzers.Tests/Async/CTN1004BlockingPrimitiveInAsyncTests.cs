using System.Threading.Tasks;
using Contention.Analyzers.Async;
using Contention.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.Async.CTN1004BlockingPrimitiveInAsyncAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Contention.Analyzers.Tests.Async;

public sealed class CTN1004BlockingPrimitiveInAsyncTests
{
    private const string Usings = "using System;\nusing System.Collections.Concurrent;\nusing System.Threading;\nusing System.Threading.Tasks;\n\n";

    [Fact]
    public Task EveryBlockingPrimitive_IsReportedInAsyncCode() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            async Task RunAsync(ManualResetEvent handle, Mutex mutex, Thread thread, object monitor, ManualResetEventSlim slim,
                CountdownEvent countdown, Barrier barrier, BlockingCollection<int> queue, Func<bool> done)
            {
                await Task.Yield();
                {|CTN1004:handle.WaitOne()|};
                {|CTN1004:mutex.WaitOne(1000)|};
                {|CTN1004:WaitHandle.WaitAll(new WaitHandle[] { handle })|};
                {|CTN1004:WaitHandle.WaitAny(new WaitHandle[] { handle })|};
                {|CTN1004:thread.Join()|};
                {|CTN1004:Monitor.Wait(monitor)|};
                {|CTN1004:slim.Wait()|};
                {|CTN1004:countdown.Wait()|};
                {|CTN1004:barrier.SignalAndWait()|};
                var item = {|CTN1004:queue.Take()|};
                {|CTN1004:SpinWait.SpinUntil(done)|};
            }
        }
        """);

    [Fact]
    public Task Message_NamesTheCallTheFunctionAndTheAlternative() => Verify.VerifyAnalyzerAsync(
        Usings + """
        class Worker
        {
            Func<ManualResetEventSlim, Task> Step = async ready => {|#0:ready.Wait()|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ManualResetEventSlim.Wait", "an async lambda", "await a 'TaskCompletionSource' instead"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync(Usings + """
        class Worker
        {
            void Synchronous(ManualResetEventSlim ready) => ready.Wait();

            async Task PollAsync(ManualResetEvent handle, ManualResetEventSlim slim, Thread thread, Func<bool> done, BlockingCollection<int> queue)
            {
                await Task.Yield();
                var signalled = handle.WaitOne(0) || slim.Wait(0) || slim.Wait(TimeSpan.Zero) || thread.Join(0);
                SpinWait.SpinUntil(done, 0);
                queue.TryTake(out _);
                await Task.Run(() => slim.Wait());
            }

            async Task AlreadyAsync(SemaphoreSlim gate, TaskCompletionSource ready)
            {
                await gate.WaitAsync();
                await ready.Task;
            }
        }
        """);

    [Theory]
    [InlineData("async Task M(ManualResetEventSlim e) { e.Wait( }")]
    [InlineData("async Task M(ManualResetEventSlim e) { e. }")]
    [InlineData("async Task M() { Missing.WaitOne(); }")]
    public async Task HalfTypedCode_NeverThrows(string member)
    {
        var result = await AnalyzerRunner.RunAsync(Usings + "class C { " + member + " }", new CTN1004BlockingPrimitiveInAsyncAnalyzer());

        Assert.Empty(result.Exceptions);
    }
}
