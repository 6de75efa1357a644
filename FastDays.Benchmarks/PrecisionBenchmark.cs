using System.Diagnostics;
using FastDays.Losses;
using FastDays.Modules;

namespace FastDays.Benchmarks;

/// <summary>`precision`: the same one-cycle training in float32 and bfloat16 mixed precision, each contiguous and channels-last, alternated in
/// one run: seconds per epoch and accuracy.</summary>
internal sealed class PrecisionBenchmark : ExampleCommand<PrecisionBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "precision";

    /// <inheritdoc />
    public override string Summary =>
        "float32 vs bfloat16 mixed precision (ToBf16), contiguous vs channels-last (ToChannelsLast), on train's network: time per epoch and accuracy";

    /// <inheritdoc />
    public override int Run(PrecisionBenchmarkOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var n = Math.Min(o.Items, data.Train.Count);
        var xTrain = data.Train.ImagesTensor()[..n];
        var yTrain = data.Train.LabelsTensor()[..n];
        var xValid = data.Test.ImagesTensor();
        var yValid = data.Test.LabelsTensor();
        var dls = DataLoaders.FromTensors(xTrain, yTrain, xValid, yValid, o.Bs, 0, FashionMnist.Classes, [Normalize.FromStats(xTrain)]);
        var spec = o.Spec(10);
        Console.WriteLine($"{data.Describe()}; {n} training items, {o.DescribeNetwork()}, bs {o.Bs}, " +
                          $"FitOneCycle {o.Epochs} epochs, lr 5e-3");
        // The arithmetic of an epoch: training is a forward and a backward pass (about twice the forward's), validation a forward pass.
        long macsPerItem;
        using (var probe = ModelZoo.Create(spec)) macsPerItem = ModelCost.MultiplyAdds(probe, [1, 28, 28]).Values.Sum();
        var epochGflop = 2.0 * macsPerItem * (3.0 * n + xValid.shape[0]) / 1e9;
        var peak = CpuPeak.Detect();
        Console.WriteLine($"{macsPerItem / 1e6:F2} M multiply-adds an image forward; an epoch is {epochGflop:F0} GFLOP (×3 for training). Peak: " +
                          $"{peak.GflopsFloat32:F0} GFLOP/s float32, {peak.GflopsBfloat16:F0} bfloat16 — {peak.Derivation}");
        string[] modes = ["float32", "bfloat16", "float32 channels-last", "bfloat16 channels-last"];
        var results = modes.ToDictionary(m => m, _ => new List<(double PerEpoch, double Accuracy)>());
        for (var r = 0; r < o.Repeats; r++)
            foreach (var mode in modes)
            {
                manual_seed(0);
                var learn = new Learner(dls, ModelZoo.Create(spec), new CrossEntropyLossFlat(), metrics: [Metric.Accuracy()]);
                using var noBar = learn.NoBar();
                if (mode.StartsWith("bfloat16", StringComparison.Ordinal)) learn.ToBf16();
                if (mode.EndsWith("channels-last", StringComparison.Ordinal)) learn.ToChannelsLast();
                var clock = Stopwatch.StartNew();
                learn.FitOneCycle(o.Epochs, 5e-3);
                var perEpoch = clock.Elapsed.TotalSeconds / o.Epochs;
                results[mode].Add((perEpoch, learn.Recorder.Last("accuracy")));
                Console.WriteLine($"  {mode,-22} {perEpoch:F2} s/epoch, accuracy {learn.Recorder.Last("accuracy"):F4}");
            }
        var baseline = results["float32"].Min(x => x.PerEpoch);
        foreach (var (mode, runs) in results)
        {
            var best = runs.Min(x => x.PerEpoch);
            var achieved = epochGflop / best;
            var ofPeak = achieved / (mode.StartsWith("bfloat16", StringComparison.Ordinal) ? peak.GflopsBfloat16 : peak.GflopsFloat32);
            Console.WriteLine($"{mode,-22} {best:F2} s/epoch ({baseline / best:F2}× float32's speed), {achieved:F1} GFLOP/s ({ofPeak:P1} of peak), " +
                              $"accuracy {runs.Average(x => x.Accuracy):F4}");
        }
        return 0;
    }
}
