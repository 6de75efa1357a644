using System.Diagnostics;
using FastDays.Losses;
using FastDays.Vision.Models;

namespace FastDays.Examples.Commands;

/// <summary>`bench precision`: the same one-cycle training in float32 and in bfloat16 mixed precision, alternated in one run: seconds per epoch and
/// accuracy.</summary>
public sealed class PrecisionBenchmark : ExampleCommand<PrecisionBenchmarkOptions>, IBenchmark
{
    /// <inheritdoc />
    public override string Name => "precision";

    /// <inheritdoc />
    public override string Summary => "float32 vs bfloat16 mixed precision (ToBf16) on the train command's CNN: time per epoch and accuracy";

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
        Console.WriteLine($"{data.Describe()}; {n} training items, SimpleCnn {Formats.List(o.Widths)}, bs {o.Bs}, FitOneCycle {o.Epochs} epochs, lr 5e-3");
        var results = new Dictionary<string, List<(double PerEpoch, double Accuracy)>> { ["float32"] = [], ["bfloat16"] = [] };
        for (var r = 0; r < o.Repeats; r++)
            foreach (var mode in results.Keys)
            {
                manual_seed(0);
                var learn = new Learner(dls, SimpleCnn.Create(1, 10, o.Widths), new CrossEntropyLossFlat(), metrics: [Metric.Accuracy()]);
                using var noBar = learn.NoBar();
                if (mode == "bfloat16") learn.ToBf16();
                var clock = Stopwatch.StartNew();
                learn.FitOneCycle(o.Epochs, 5e-3);
                var perEpoch = clock.Elapsed.TotalSeconds / o.Epochs;
                results[mode].Add((perEpoch, learn.Recorder.Last("accuracy")));
                Console.WriteLine($"  {mode,-9} {perEpoch:F2} s/epoch, accuracy {learn.Recorder.Last("accuracy"):F4}");
            }
        var (f32, b16) = (results["float32"].Min(x => x.PerEpoch), results["bfloat16"].Min(x => x.PerEpoch));
        Console.WriteLine($"float32 {f32:F2} s/epoch, bfloat16 {b16:F2} s/epoch: bfloat16 is {f32 / b16:F2}× as fast; " +
                          $"accuracy {results["float32"].Average(x => x.Accuracy):F4} vs {results["bfloat16"].Average(x => x.Accuracy):F4}");
        return 0;
    }
}
