using System.IO;
using Spectre.Console;

namespace Contention.Harness.Tests;

/// <summary>A plain-text Spectre console writing into <paramref name="output"/>, for running the program in-process.</summary>
internal static class TestConsole
{
    public static IAnsiConsole Create(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return console;
    }

    /// <summary>Like a terminal: live displays render (with cursor codes, but no colours) into <paramref name="output"/>.</summary>
    public static IAnsiConsole CreateInteractive(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return console;
    }
}
