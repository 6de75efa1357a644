using FastDays.Benchmarks.Fuzz;

namespace FastDays.Benchmarks;

/// <summary>`fuzz`: seeded mutants of real files of every format FastDays reads, each read as users read it: it must load, or be refused with
/// the documented exception naming the file, within 2 s and without memory far beyond its size.</summary>
internal sealed class FuzzBenchmark : ExampleCommand<FuzzBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "fuzz";

    /// <inheritdoc />
    public override string Summary => "Fuzz every file reader with seeded mutants";

    /// <inheritdoc />
    public override int Run(FuzzBenchmarkOptions o)
    {
        var formats = FuzzFormats.Create(Path.Combine(o.Out, "seeds"), o.PtSeeds);
        if (!formats.Any(f => f.Name == "pytorch"))
            Console.WriteLine($"no PyTorch seeds in {o.PtSeeds} (run the tests once, or pass --pt-seeds): .pt files not fuzzed");
        if (o.Formats != "all") formats = [.. formats.Where(f => o.Formats.Split(',').Contains(f.Name))];
        var fuzzer = new Fuzzer(o.Out);
        var findings = 0;
        Console.WriteLine($"{"format",-12} {"cases",7} {"loaded",7} {"refused",8} {"findings",9} {"max MB",7} {"peak RSS+",10} {"s",6}");
        foreach (var format in formats)
        {
            var report = fuzzer.Run(format, o.Cases, o.Seed, Console.WriteLine);
            findings += report.Findings.Count;
            Console.WriteLine($"{report.Format,-12} {report.Cases,7} {report.Loaded,7} {report.Refused,8} {report.Findings.Count,9} " +
                $"{report.MaxManagedBytes / 1e6,7:F1} {report.MaxPeakRssGrowth / 1e6,9:F0}M {report.Seconds,6:F0}");
        }
        Console.WriteLine(findings == 0 ? "no findings" : $"{findings} findings; the mutants are under {Path.Combine(o.Out, "findings")}");
        return findings == 0 ? 0 : 1;
    }
}
