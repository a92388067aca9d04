using System.Threading.Tasks;
using Xunit;
using Verify = Contention.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Contention.Analyzers.SharedState.CTN2010EventRaceAnalyzer,
    Contention.CodeFixes.SharedState.CTN2010EventRaceCodeFixProvider>;

namespace Contention.Analyzers.Tests.SharedState;

public sealed class CTN2010EventRaceTests
{
    [Fact]
    public Task NullCheckThenInvokeThroughTheField_IsReported() => Verify.VerifyAnalyzerAsync(
        """
        using System;

        class Thermometer
        {
            public event EventHandler? Changed;
            public static event EventHandler? Reset;
            private Action<int>? _callback;

            public void Raise(bool loud)
            {
                if (Changed != null)
                {
                    {|#0:Changed(this, EventArgs.Empty)|};
                }

                if (null != Reset) {|CTN2010:Reset.Invoke(null, EventArgs.Empty)|};
                if (_callback is not null && loud) {|CTN2010:this._callback(1)|};
            }

            public void RaiseLate()
            {
                if (Changed == null)
                {
                    return;
                }

                Console.WriteLine("raising");
                {|CTN2010:Changed.Invoke(this, EventArgs.Empty)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Changed"));

    [Fact]
    public Task SafeLookAlikes_AreSilent() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Thermometer
        {
            public event EventHandler? Changed;
            private readonly Action<int>? _fixedCallback;
            private Action<int>? _callback;

            public Thermometer(Action<int>? callback) => _fixedCallback = callback;

            public void Raise(Thermometer other)
            {
                Changed?.Invoke(this, EventArgs.Empty);

                var handler = Changed;
                if (handler != null)
                {
                    handler(this, EventArgs.Empty);
                }

                if (_fixedCallback != null)
                {
                    _fixedCallback(1); // readonly: cannot turn null
                }

                if (_callback != null)
                {
                    _callback = null;
                }

                if (_callback == null)
                {
                    _callback = x => { };
                    _callback(2); // set just before
                }

                if (other.Changed != null)
                {
                    Changed?.Invoke(this, EventArgs.Empty); // a different object's event was checked
                }

                if (_callback == null) return;
                _callback = x => { };
                _callback(3); // set again after the check
            }

            public void EarlyReturnOnSomethingElse(bool quiet)
            {
                if (quiet) return;
                Changed?.Invoke(this, EventArgs.Empty);
            }
        }
        """);

    [Fact]
    public Task ConditionalInvoke_ReplacesTheCheck() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class Thermometer
        {
            public event EventHandler? Changed;
            private Action<int>? _callback;

            public void Raise()
            {
                // tell the listeners
                if (Changed != null)
                {
                    {|CTN2010:Changed(this, EventArgs.Empty)|};
                }

                if (_callback is not null) {|CTN2010:_callback.Invoke(42)|};
            }
        }
        """,
        """
        using System;

        class Thermometer
        {
            public event EventHandler? Changed;
            private Action<int>? _callback;

            public void Raise()
            {
                // tell the listeners
                Changed?.Invoke(this, EventArgs.Empty);

                _callback?.Invoke(42);
            }
        }
        """);

    [Fact]
    public Task NoFix_WhenTheCheckDoesMore() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class Thermometer
        {
            public event EventHandler? Changed;

            public void Raise(bool loud)
            {
                if (Changed != null && loud)
                {
                    {|CTN2010:Changed(this, EventArgs.Empty)|};
                }

                if (Changed != null)
                {
                    Console.WriteLine("raising");
                    {|CTN2010:Changed(this, EventArgs.Empty)|};
                }
            }
        }
        """,
        """
        using System;

        class Thermometer
        {
            public event EventHandler? Changed;

            public void Raise(bool loud)
            {
                if (Changed != null && loud)
                {
                    {|CTN2010:Changed(this, EventArgs.Empty)|};
                }

                if (Changed != null)
                {
                    Console.WriteLine("raising");
                    {|CTN2010:Changed(this, EventArgs.Empty)|};
                }
            }
        }
        """);

    /// <summary>The delegate field may be inherited: the prefilter looks at base types too.</summary>
    [Fact]
    public Task InheritedDelegateField_IsReported() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Base
        {
            protected Action? Done;
        }

        class Worker : Base
        {
            void Finish()
            {
                if (Done != null)
                {
                    {|CTN2010:Done()|};
                }
            }
        }
        """);
}
