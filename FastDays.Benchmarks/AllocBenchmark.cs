using System.Diagnostics;
using System.Globalization;
using FastDays.Losses;
using FastDays.Vision.Models;

namespace FastDays.Benchmarks;

/// <summary>`alloc`: the same training epoch in child processes under different process-wide settings (C allocator, intra-op threads, OpenMP
/// waiting), alternated, with time, minor page faults and losses.</summary>
internal sealed class AllocBenchmark : ExampleCommand<AllocBenchmarkOptions>
{
    private static readonly string[] JemallocPaths = ["/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"];

    private static readonly (string Name, Dictionary<string, string?> Env)[] Variants =
    [
        ("glibc defaults", new() { ["FASTDAYS_ALLOCATOR"] = "system" }),
        ("FastDays (mallopt)", new() { ["FASTDAYS_ALLOCATOR"] = null }),
        ("mallopt + no mmap at all",
            new()
            {
                ["FASTDAYS_ALLOCATOR"] = "system",
                ["GLIBC_TUNABLES"] = "glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=2147483647:glibc.malloc.top_pad=268435456",
            }),
        ("mallopt, 1 thread", new() { ["FASTDAYS_ALLOCATOR"] = null, ["FASTDAYS_BENCH_THREADS"] = "1" }),
        ("mallopt, OMP_WAIT_POLICY=passive", new() { ["FASTDAYS_ALLOCATOR"] = null, ["OMP_WAIT_POLICY"] = "PASSIVE" }),
    ];

    /// <inheritdoc />
    public override string Name => "alloc";

    /// <inheritdoc />
    public override string Summary =>
        "One training epoch of the default CNN per process-wide setting (glibc defaults vs FastDays' allocator policy, threads, OpenMP waiting) in " +
            "alternating child processes";

    /// <inheritdoc />
    public override int Run(AllocBenchmarkOptions o)
    {
        var chosen = o.Variants.Length > 0 ? o.Variants : [.. Enumerable.Range(0, Variants.Length)];
        if (o.Child) return RunChild(o.Data, o.Items, o.Bs);

        var jemalloc = JemallocPaths.FirstOrDefault(File.Exists);
        var variants = chosen.Select(i => Variants[i]).ToList();
        if (jemalloc is not null && !o.NoJemalloc)
            variants.Add(("jemalloc (LD_PRELOAD)",
                new()
                {
                    ["FASTDAYS_ALLOCATOR"] = "system",
                    ["LD_PRELOAD"] = jemalloc,
                    ["MALLOC_CONF"] = "background_thread:true,dirty_decay_ms:-1,muzzy_decay_ms:-1",
                }));
        Console.WriteLine($"one epoch of {o.Items} items, SimpleCnn [32, 64, 128, 256], bs {o.Bs}, {Environment.ProcessorCount} cores; {o.Repeats} " +
            "rounds, variants alternated");
        var results = variants.ToDictionary(v => v.Name, _ => new List<(double Seconds, long Faults, string Losses)>());
        for (var r = 0; r < o.Repeats; r++)
            foreach (var (name, env) in variants)
            {
                var (code, output) =
                    SelfProcess.Run(["bench", "alloc", "--child", "--data", o.Data, "--items", o.Items.ToString(CultureInfo.InvariantCulture), "--bs",
                        o.Bs.ToString(CultureInfo.InvariantCulture)], env);
                var line = output.Split('\n').LastOrDefault(l => l.StartsWith("result ", StringComparison.Ordinal));
                if (code != 0 || line is null) throw new InvalidOperationException($"the child run '{name}' failed (exit {code}):\n{output}");
                var parts = line.Split(' ');
                results[name].Add((double.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture), parts[3]));
                Console.WriteLine($"  round {r + 1}: {name,-34} {parts[1]} s, {long.Parse(parts[2], CultureInfo.InvariantCulture):N0} minor " +
                    $"faults, losses {parts[3]}");
            }
        var baseline = results[variants[0].Name].Min(x => x.Seconds);
        Console.WriteLine($"\n{"setting",-34} {"best s",8} {"minor faults",14} {"speed-up",9}  losses (train/valid)");
        foreach (var (name, runs) in results)
        {
            var best = runs.MinBy(x => x.Seconds);
            Console.WriteLine($"{name,-34} {best.Seconds,8:F2} {best.Faults,14:N0} {baseline / best.Seconds,8:F2}×  " +
                $"{string.Join(", ", runs.Select(x => x.Losses).Distinct())}");
        }
        return 0;
    }

    private static int RunChild(string data, int items, int bs)
    {
        if (Environment.GetEnvironmentVariable("FASTDAYS_BENCH_THREADS") is { } threads) set_num_threads(int.Parse(threads, CultureInfo.InvariantCulture));
        var fashion = DataChoice.LoadFashionMnist(data);
        var n = Math.Min(items, fashion.Train.Count);
        manual_seed(0);
        var xTrain = fashion.Train.ImagesTensor()[..n];
        var yTrain = fashion.Train.LabelsTensor()[..n];
        var xValid = fashion.Test.ImagesTensor()[..2000];
        var yValid = fashion.Test.LabelsTensor()[..2000];
        var dls = DataLoaders.FromTensors(xTrain, yTrain, xValid, yValid, bs, 0, batchTransforms: [Normalize.FromStats(xTrain)]);
        var learn = new Learner(dls, SimpleCnn.Create(1, 10, 32, 64, 128, 256), new CrossEntropyLossFlat(), metrics: [Metric.Accuracy()]);
        using var noBar = learn.NoBar();
        learn.Fit(1, 1e-3);   // a first, untimed epoch: start-up, first-touch of every buffer and code path
        var faults = SelfProcess.MinorFaults();
        var clock = Stopwatch.StartNew();
        learn.Fit(1, 1e-3);
        var seconds = clock.Elapsed.TotalSeconds;
        faults = SelfProcess.MinorFaults() - faults;
        var row = learn.Recorder.Values[^1];
        var result = FormattableString.Invariant($"result {seconds:F2} {faults} {row[0]:F6}/{row[1]:F6} threads={get_num_threads()}");
        Console.WriteLine($"{result} allocator={NativeRuntime.AllocatorPolicy.Replace(' ', '_')}");
        return 0;
    }
}
