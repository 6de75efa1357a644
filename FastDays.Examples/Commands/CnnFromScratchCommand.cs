using FastDays.Modules;
using FastDays.Optimizers;

namespace FastDays.Examples.Commands;

/// <summary>Chapter 13 of the book: a CNN built layer by layer, trained three ways — a constant high learning rate, the one-cycle policy, and one
/// cycle with batchnorm — with ActivationStats watching each layer (mean, std, fraction near zero, and the colorful dimension plot).</summary>
internal sealed class CnnFromScratchCommand : ExampleCommand<CnnFromScratchOptions>
{
    /// <inheritdoc />
    public override string Name => "cnn-from-scratch";

    /// <inheritdoc />
    public override string Summary => "Chapter 13: a CNN layer by layer, ActivationStats and the colorful dimension, with and without one-cycle and batchnorm";

    /// <inheritdoc />
    public override int Run(CnnFromScratchOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var n = Math.Min(o.Items, data.Train.Count);
        var xTrain = data.Train.ImagesTensor()[..n];   // (n, 1, 28, 28)
        var yTrain = data.Train.LabelsTensor()[..n];
        var normalize = Normalize.FromStats(xTrain);
        Console.WriteLine($"{n} training and {data.Test.Count} validation images from {data.Describe()}; {o.Epochs} epoch(s) per run");
        foreach (var (name, batchnorm, oneCycle) in new[] { ("constant lr 0.06", false, false), ("one cycle to 0.06", false, true), ("one cycle + " +
            "batchnorm", true, true) })
        {
            manual_seed(o.Seed);
            var dls = DataLoaders.FromTensors(xTrain, yTrain, data.Test.ImagesTensor(), data.Test.LabelsTensor(), batchSize: 128, seed: o.Seed,
                vocab: FashionMnist.Classes, batchTransforms: [normalize]);
            var model = SimpleCnn(batchnorm);
            var stats = new ActivationStats();
            var learn = new Learner(dls, model, new FastDays.Losses.CrossEntropyLossFlat(), OptFuncs.Sgd(mom: 0.9), metrics: [Metric.Accuracy()], cbs: [stats]);
            using var noBar = learn.NoBar();
            if (oneCycle) learn.FitOneCycle(o.Epochs, 0.06);
            else learn.Fit(o.Epochs, 0.06);
            var file = Path.Combine(o.Out, $"color_dim_{(batchnorm ? "bn_" : "")}{(oneCycle ? "one_cycle" : "constant")}.png");
            stats.PlotColorDim(file);
            var last = stats.Layers.Count - 2;   // the layer before the classifier
            Console.WriteLine($"\n{name}: accuracy {learn.Recorder.Last("accuracy"):F4}; plot {file}");
            Console.WriteLine($"   {"layer",-12} {"mean",8} {"std",8} {"near zero",10}   (means over the last 10 training batches)");
            for (var i = 0; i < stats.Layers.Count; i++)
            {
                var recent = stats.Stats[i].TakeLast(10).ToList();
                Console.WriteLine($"   {stats.Layers[i],-12} {recent.Average(s => s.Mean),8:F3} {recent.Average(s => s.Std),8:F3} " +
                    $"{recent.Average(s => s.NearZero),10:P1}");
            }
            Console.WriteLine($"   the layer before the classifier ({stats.Layers[last]}) near zero: {stats.NearZero(last):P1}");
        }
        Console.WriteLine("\nWith a constant high learning rate the activations collapse towards zero and training stalls (the colorful dimension's dark " +
            "bands); warming up in one cycle avoids much of that, and batchnorm keeps every layer's activations spread out, so it trains fastest.");
        return 0;
    }

    // The book's simple_cnn: stride-2 3×3 convolutions 1→8→16→32→64→10, each with ReLU (and batchnorm), then flatten.
    private static nn.Module<Tensor, Tensor> SimpleCnn(bool batchnorm)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int[] channels = [1, 8, 16, 32, 64];
        for (var i = 0; i < channels.Length - 1; i++)
        {
            layers.Add(($"conv{i}", nn.Conv2d(channels[i], channels[i + 1], 3, stride: 2, padding: 1, bias: !batchnorm)));
            if (batchnorm) layers.Add(($"bn{i}", new BatchNormLayer(channels[i + 1])));
            layers.Add(($"relu{i}", nn.ReLU()));
        }
        layers.Add(("conv4", nn.Conv2d(64, 10, 3, stride: 2, padding: 1)));   // (bs, 10, 1, 1)
        layers.Add(("flatten", nn.Flatten()));
        return nn.Sequential(layers);
    }
}
