using FastDays.Examples.Cli;
using FastDays.Tests.Support;

namespace FastDays.Tests;

/// <summary>Rules of the repository that review alone would let slip: line length, and where the examples write.</summary>
public sealed class RepositoryHygieneTests
{
    [Test]
    public void NoSourceLineIsLongerThan160Characters()
    {
        var root = PythonFixtures.RepoRoot;
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.That(sources, Has.Count.GreaterThan(100), "the scan sees the sources");
        var tooLong = sources.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line.Length)))
            .Where(x => x.Length > 160).Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1} ({x.Length} characters)");
        Assert.That(tooLong, Is.Empty, ".editorconfig's max_line_length");
    }

    [Test]
    public void ExamplesWriteUnderRunsByDefault()
    {
        // Every file or folder option of every command defaults to a place under runs/, never the repository root.
        var records = typeof(IExampleCommand).Assembly.GetTypes()
            .Where(t => t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(ExampleCommand<>))
            .Select(t => t.BaseType!.GetGenericArguments()[0]).Distinct().ToList();
        Assert.That(records, Has.Count.GreaterThan(10), "the scan sees the commands' options");
        var outputs = records
            .SelectMany(r => r.GetProperties().Where(p => p.Name is "Out" or "Path").Select(p => (r, p, p.GetValue(Activator.CreateInstance(r)))))
            .ToList();
        Assert.That(outputs, Has.Count.GreaterThan(5));
        foreach (var (record, property, value) in outputs)
            Assert.That(value, Is.TypeOf<string>().And.StartsWith("runs/"), $"{record.Name}.{property.Name}");
    }

    [Test]
    public void TheTemplateReferencesTheVersionsThisRepositoryBuilds()
    {
        var root = PythonFixtures.RepoRoot;
        string Property(string file, string name) => System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(root, file)),
            $"<{name}>([^<]+)</{name}>").Groups[1].Value;
        foreach (var name in new[] { "fastdays-vision", "fastdays-tabular" })
        {
            using var template = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "templates", "content", name,
                ".template.config", "template.json")));
            var symbols = template.RootElement.GetProperty("symbols");
            Assert.That(symbols.GetProperty("FastDaysVersion").GetProperty("defaultValue").GetString(),
                Is.EqualTo(Property("Directory.Build.props", "Version")),
                name);
            Assert.That(symbols.GetProperty("TorchSharpVersion").GetProperty("defaultValue").GetString(),
                Is.EqualTo(Property("Directory.Packages.props", "TorchSharpVersion")), name);
        }
    }
}
