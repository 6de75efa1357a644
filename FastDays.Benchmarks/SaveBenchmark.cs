using System.Diagnostics;
using FastDays.Losses;

namespace FastDays.Benchmarks;

/// <summary>`save`: times writing and reading a checkpoint of a model of a given size; with --forever it keeps saving numbered generations
/// until killed (what the kill-during-save test does to it).</summary>
internal sealed class SaveBenchmark : ExampleCommand<SaveBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "save";

    /// <inheritdoc />
    public override string Summary => "Checkpoint write and read times";

    /// <inheritdoc />
    public override int Run(SaveBenchmarkOptions o)
    {
        // A stack of 512×512 linear layers of about mb megabytes; every weight of generation g is g, so a checkpoint is whole or not.
        var layers = Math.Max(1, o.Mb * (1 << 20) / (512 * 513 * 4));
        var model = nn.Sequential([.. Enumerable.Range(0, layers).Select(i => ($"{i}", (nn.Module<Tensor, Tensor>)nn.Linear(512, 512)))]);
        using var x = zeros(8, 512);
        var dls = DataLoaders.FromTensors(x, x, x, x, 8);
        var learn = new Learner(dls, model, LossFunction.FromFunc((p, t) => p.sub(t).abs().mean()), path: o.Path);
        using var noBar = learn.NoBar();
        var bytes = model.parameters().Sum(p => p.numel() * 4);
        Console.WriteLine($"model of {layers} linear layers, {bytes / 1e6:F1} MB of weights; checkpoints in {System.IO.Path.GetFullPath(o.Path)}");
        var (writes, reads) = (new List<double>(), new List<double>());
        for (var generation = 1; o.Forever || generation <= o.Repeats; generation++)
        {
            using (no_grad())
            using (var scalars = new ScalarScope())
                foreach (var p in model.parameters()) nn.init.constant_(p, scalars.Of(generation));
            var clock = Stopwatch.StartNew();
            learn.Save("checkpoint");
            writes.Add(clock.Elapsed.TotalMilliseconds);
            Console.WriteLine($"saved generation {generation}");
            if (o.Forever) continue;
            clock.Restart();
            learn.Load("checkpoint");
            reads.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"write: median {Median(writes):F0} ms ({bytes / 1e6 / (Median(writes) / 1000):F0} MB/s); read: median {Median(reads):F0} ms");
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
