using FastDays.Examples.Cli;
using FastDays.Examples.Fuzz;

namespace FastDays.Examples.Commands;

/// <summary>`bench fuzz`: seeded mutants of real files of every format FastDays reads, each read as users read it: it must load, or be refused with the documented exception naming the file, within 2 s and without memory far beyond its size.</summary>
public sealed class FuzzBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "fuzz";

    /// <inheritdoc />
    public string Summary => "fuzz every file reader with seeded mutants (--cases 10000 per format, --seed 1, --formats all|name,..., --pt-seeds DIR of small .pt files, --out runs/fuzz)";

    /// <inheritdoc />
    public int Run(CommandArgs args)
    {
        var cases = args.GetInt("cases", 10000);
        var seed = args.GetInt("seed", 1);
        var only = args.Get("formats", "all")!;
        var ptSeeds = args.Get("pt-seeds", "FastDays.Tests/Fixtures/generated/make_weights");
        var output = args.Get("out", "runs/fuzz")!;
        args.RejectUnknown();
        var formats = FuzzFormats.Create(Path.Combine(output, "seeds"), ptSeeds);
        if (!formats.Any(f => f.Name == "pytorch")) Console.WriteLine($"no PyTorch seeds in {ptSeeds} (run the tests once, or pass --pt-seeds): .pt files not fuzzed");
        if (only != "all") formats = [.. formats.Where(f => only.Split(',').Contains(f.Name))];
        var fuzzer = new Fuzzer(output);
        var findings = 0;
        Console.WriteLine($"{"format",-12} {"cases",7} {"loaded",7} {"refused",8} {"findings",9} {"max MB",7} {"peak RSS+",10} {"s",6}");
        foreach (var format in formats)
        {
            var report = fuzzer.Run(format, cases, seed, Console.WriteLine);
            findings += report.Findings.Count;
            Console.WriteLine($"{report.Format,-12} {report.Cases,7} {report.Loaded,7} {report.Refused,8} {report.Findings.Count,9} {report.MaxManagedBytes / 1e6,7:F1} {report.MaxPeakRssGrowth / 1e6,9:F0}M {report.Seconds,6:F0}");
        }
        Console.WriteLine(findings == 0 ? "no findings" : $"{findings} findings; the mutants are under {Path.Combine(output, "findings")}");
        return findings == 0 ? 0 : 1;
    }
}
