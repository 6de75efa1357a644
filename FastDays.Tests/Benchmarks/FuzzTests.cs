using FastDays.Benchmarks.Fuzz;
using FastDays.Tests.Interop;
using FastDays.Tests.Support;

namespace FastDays.Tests.Benchmarks;

/// <summary>A seeded few hundred mutants of every format FastDays reads (the fuzz benchmark runs thousands): each loads or is refused with the documented
/// exception naming the file, within 2 s and without memory far beyond its size.</summary>
[NeedsPyTorch]
[NonParallelizable]
public sealed class FuzzTests
{
    private TempDirectory dir = null!;
    private List<FuzzFormat> formats = null!;

    [OneTimeSetUp]
    public void CreateSeeds()
    {
        dir = new TempDirectory();
        formats = FuzzFormats.Create(dir.File("seeds"), Path.GetDirectoryName(WeightsFixtures.File("nested.pt")));
    }

    [OneTimeTearDown]
    public void DeleteSeeds() => dir.Dispose();

    private static IEnumerable<string> Names() => ["checkpoint", "export", "safetensors", "pytorch", "idx", "yaml", "png", "thin", "jpeg", "csv"];

    [TestCaseSource(nameof(Names))]
    public void MutantsLoadOrAreRefusedCleanly(string name)
    {
        var format = formats.SingleOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"no seeds for {name}");
        var report = new Fuzzer(dir.File("runs")).Run(format, cases: 300, seed: 20261125);
        Assert.That(report.Findings.Select(f => $"{f.Mutation} → {f.Outcome}"), Is.Empty);
        Assert.That(report.Refused, Is.GreaterThan(50), "the mutations reach the readers' checks");
        Assert.That(report.Loaded + report.Refused, Is.EqualTo(report.Cases));
    }
}
