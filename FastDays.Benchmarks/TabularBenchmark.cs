using System.Diagnostics;
using System.Globalization;
using FastDays.Tabular.Data;
using FastDays.Tabular.Learning;

namespace FastDays.Benchmarks;

/// <summary>`tabular`: a synthetic table of 10 categorical and 10 continuous columns (a million rows by default) read from CSV, processed and
/// trained for one epoch, with the time and memory of each step.</summary>
internal sealed class TabularBenchmark : ExampleCommand<TabularBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "tabular";

    /// <inheritdoc />
    public override string Summary => "A synthetic table (10 categorical, 10 continuous columns): CSV reading, processing and one epoch, time and memory";

    /// <inheritdoc />
    public override int Run(TabularBenchmarkOptions o)
    {
        var csv = Path.Combine(o.Out, $"synthetic_{o.Rows}.csv");
        if (!File.Exists(csv)) Write(csv, o.Rows);
        Console.WriteLine($"{csv}: {new FileInfo(csv).Length / 1e6:F0} MB, {o.Rows:N0} rows; {Environment.ProcessorCount} cores");
        var clock = Stopwatch.StartNew();
        var table = Table.ReadCsv(csv);
        Step("read CSV", clock);
        var dls = TabularDataLoaders.FromTable(table, "y", catNames: [.. Enumerable.Range(0, 10).Select(i => $"cat{i}")],
            contNames: [.. Enumerable.Range(0, 10).Select(i => $"cont{i}")], bs: o.Bs);
        Step("split and process (FillMissing, Categorify, Normalize)", clock);
        manual_seed(0);
        var learn = TabularLearners.TabularLearner(dls, metrics: [Metric.Rmse()]);
        learn.Fit(1, 1e-3);
        Step($"one epoch ({dls.Dls.Train.Count:N0} batches of {o.Bs})", clock);
        return 0;
    }

    private static void Step(string name, Stopwatch clock)
    {
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        Console.WriteLine($"{name,-56} {clock.Elapsed.TotalSeconds,7:F1} s   managed {GC.GetTotalMemory(false) / 1e6,6:F0} MB " +
            $"(committed {gc.TotalCommittedBytes / 1e6:F0} MB, peak heap {gc.HeapSizeBytes / 1e6:F0} MB)   " +
            $"resident {process.WorkingSet64 / 1e6,6:F0} MB (peak {process.PeakWorkingSet64 / 1e6:F0} MB)");
        clock.Restart();
    }

    private static void Write(string path, int rows)
    {
        var random = new Random(0);
        int[] cardinality = [2, 3, 5, 7, 12, 24, 50, 100, 500, 1000];
        FastDays.Persistence.AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine(string.Join(',',
                Enumerable.Range(0, 10).Select(i => $"cat{i}").Concat(Enumerable.Range(0, 10).Select(i => $"cont{i}")).Append("y")));
            var fields = new string[21];
            for (var r = 0; r < rows; r++)
            {
                var y = 0.0;
                for (var i = 0; i < 10; i++)
                {
                    var c = random.Next(cardinality[i]);
                    fields[i] = random.NextDouble() < 0.01 ? "" : $"c{c}";
                    y += (c % 3 - 1) * 0.3;
                }
                for (var i = 0; i < 10; i++)
                {
                    var v = random.NextDouble() * 2 - 1;
                    fields[10 + i] = random.NextDouble() < 0.01 ? "" : v.ToString("F5", CultureInfo.InvariantCulture);
                    y += v * (i + 1) * 0.1;
                }
                fields[20] = (y + random.NextDouble() * 0.1).ToString("F5", CultureInfo.InvariantCulture);
                writer.WriteLine(string.Join(',', fields));
            }
        });
    }
}
