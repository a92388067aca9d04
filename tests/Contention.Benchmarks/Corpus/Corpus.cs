using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Contention.Benchmarks.Corpus;

/// <summary>One generated source file.</summary>
public sealed record CorpusFile(string Path, string Text)
{
    public int Lines { get; } = CountLines(Text);

    private static int CountLines(string text)
    {
        var lines = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        return lines;
    }
}

/// <summary>A generated code base and how many diagnostics of each of our rules it must produce.</summary>
public sealed class GeneratedCorpus
{
    public GeneratedCorpus(string name, IReadOnlyList<CorpusFile> files, IReadOnlyDictionary<string, int> expected)
    {
        Name = name;
        Files = files;
        Expected = expected;
        Lines = files.Sum(f => f.Lines);
    }

    /// <summary>"corpus (200 files)", "method 4000 lines".</summary>
    public string Name { get; }

    public IReadOnlyList<CorpusFile> Files { get; }

    /// <summary>Rule id to the number of hazards planted for it; every one of our rule ids is present.</summary>
    public IReadOnlyDictionary<string, int> Expected { get; }

    public int Lines { get; }

    public int Hazards => Expected.Values.Sum();

    /// <summary>Writes the files under <paramref name="directory"/> and returns their full paths, in order.</summary>
    public IReadOnlyList<string> WriteTo(string directory)
    {
        var paths = new List<string>(Files.Count);
        foreach (var file in Files)
        {
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, file.Path));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
            paths.Add(path);
        }

        return paths;
    }
}
