using System;
using System.Threading.Tasks;

namespace ConcurrencyModels;

internal static class Program
{
    /// <summary>Only the process concerns: the console, and whether it is a terminal. <see cref="Cli"/> does the rest.</summary>
    public static Task<int> Main(string[] args) =>
        Cli.RunAsync(args, Console.Out, Console.Error, animate: !Console.IsOutputRedirected);
}
