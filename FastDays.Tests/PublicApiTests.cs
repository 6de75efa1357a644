using System.Reflection;
using FastDays.Tests.Support;

namespace FastDays.Tests;

/// <summary>The public API of the library assemblies: listed in api/*.txt so that every change to it shows in review, and named so it sits beside
/// TorchSharp.</summary>
public sealed class PublicApiTests
{
    private static IEnumerable<TestCaseData> Libraries() =>
    [
        new TestCaseData(typeof(FastDays.Learning.Learner).Assembly).SetArgDisplayNames("FastDays.Core"),
        new TestCaseData(typeof(FastDays.Vision.Learning.VisionLearners).Assembly).SetArgDisplayNames("FastDays.Vision"),
        new TestCaseData(typeof(FastDays.Tabular.Models.TabularModel).Assembly).SetArgDisplayNames("FastDays.Tabular"),
        new TestCaseData(typeof(FastDays.Text.Tokenization.Tokenizer).Assembly).SetArgDisplayNames("FastDays.Text"),
        new TestCaseData(typeof(FastDays.Collab.Models.DotProductBias).Assembly).SetArgDisplayNames("FastDays.Collab"),
        new TestCaseData(typeof(FastDays.Trees.TabularForests).Assembly).SetArgDisplayNames("FastDays.Trees"),
        new TestCaseData(typeof(FastDays.Serve.ServedModel).Assembly).SetArgDisplayNames("FastDays.Serve"),
        new TestCaseData(typeof(FastDays.Onnx.OnnxExport).Assembly).SetArgDisplayNames("FastDays.Onnx"),
        new TestCaseData(typeof(FastDays.Datasets.FashionMnist).Assembly).SetArgDisplayNames("FastDays.Datasets"),
        new TestCaseData(typeof(FastDays.Foundations.Value).Assembly).SetArgDisplayNames("FastDays.Foundations"),
    ];

    [TestCaseSource(nameof(Libraries))]
    public void ThePublicApiIsTheCheckedInListing(Assembly assembly)
    {
        var file = Path.Combine(PythonFixtures.RepoRoot, "api", assembly.GetName().Name + ".txt");
        var actual = PublicApi.Lines(assembly);
        if (Environment.GetEnvironmentVariable("FASTDAYS_UPDATE_API") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllLines(file, actual);
        }
        Assert.That(File.Exists(file), Is.True, $"{file} is missing; FASTDAYS_UPDATE_API=1 dotnet test --filter PublicApi writes it");
        var expected = File.ReadAllLines(file);
        var added = actual.Except(expected, StringComparer.Ordinal).ToList();
        var removed = expected.Except(actual, StringComparer.Ordinal).ToList();
        Assert.That(added.Count + removed.Count, Is.Zero,
            $"the public API of {assembly.GetName().Name} differs from {file} (review the change, then FASTDAYS_UPDATE_API=1 dotnet test --filter PublicApi):\n"
            + string.Join("\n", removed.Select(l => "- " + l).Concat(added.Select(l => "+ " + l)).Take(40)));
    }

    [TestCaseSource(nameof(Libraries))]
    public void NoPublicTypeSharesANameWithATorchSharpType(Assembly assembly)
    {
        // A user writes `using TorchSharp; using TorchSharp.Modules; using static TorchSharp.torch;` next to FastDays' namespaces:
        // a FastDays type of the same name as one of those would need an alias.
        var torchSharp = typeof(TorchSharp.torch).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "TorchSharp" or "TorchSharp.Modules" && !t.IsNested)
            .Concat(typeof(TorchSharp.torch).GetNestedTypes())
            .Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.That(torchSharp, Does.Contain("DataLoader").And.Contain("Adam").And.Contain("nn"), "the scan sees TorchSharp's types");
        var clashes = assembly.GetExportedTypes().Where(t => !t.IsNested && torchSharp.Contains(t.Name)).Select(t => t.FullName);
        Assert.That(clashes, Is.Empty);
    }

    [TestCaseSource(nameof(Libraries))]
    public void PublicNamesWriteAcronymsInPascalCase(Assembly assembly) =>
        // .NET's guidelines: Csv, Mse, Lr (LrFinder, CsvLogger, MseLossFlat), not CSV, MSE, LR.
        Assert.That(PublicApi.AcronymsInCapitals(assembly), Is.Empty);
}
