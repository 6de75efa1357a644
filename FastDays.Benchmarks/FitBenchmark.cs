using System.Diagnostics;
using FastDays.Losses;
using FastDays.Optimizers;
using FastDays.Vision.Models;

namespace FastDays.Benchmarks;

/// <summary>`fit`: Learner.Fit with its default callbacks against hand-written TorchSharp loops on the same model, data and seed, plus memory
/// per epoch.</summary>
internal sealed class FitBenchmark : ExampleCommand<FitBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "fit";

    /// <inheritdoc />
    public override string Summary => "Learner.Fit vs a hand-written TorchSharp loop: time ratio and memory after the first and the last epoch";

    /// <inheritdoc />
    public override int Run(FitBenchmarkOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        Console.WriteLine($"data: {data.Describe()}; SimpleCnn [16, 32, 64, 128], Adam lr {o.Lr}, bs {o.Bs}, {o.Epochs} epochs, {o.Repeats} " +
            "alternating repeats");
        var n = Math.Min(o.Items, data.Train.Count);
        var xTrain = data.Train.ImagesTensor()[..n];
        var yTrain = data.Train.LabelsTensor()[..n];
        Console.WriteLine($"training items: {n} (--items)");
        var xValid = data.Test.ImagesTensor();
        var yValid = data.Test.LabelsTensor();

        var times = new Dictionary<string, List<double>>(StringComparer.Ordinal)
        {
            ["learner"] = [], ["learner, prefetch 2"] = [], ["hand, FastDays Adam"] = [], ["hand, torch.optim.AdamW"] = [],
        };
        List<long> memory = [];
        RunHand(xTrain, yTrain, xValid, yValid, 1, o.Bs, o.Lr, fastDaysAdam: true);   // warm-up of every path
        RunHand(xTrain, yTrain, xValid, yValid, 1, o.Bs, o.Lr, fastDaysAdam: false);
        RunLearner(xTrain, yTrain, xValid, yValid, 1, o.Bs, o.Lr, []);
        for (var r = 0; r < o.Repeats; r++)
        {
            times["hand, FastDays Adam"].Add(RunHand(xTrain, yTrain, xValid, yValid, o.Epochs, o.Bs, o.Lr, fastDaysAdam: true));
            memory = [];
            times["learner"].Add(RunLearner(xTrain, yTrain, xValid, yValid, o.Epochs, o.Bs, o.Lr, memory));
            times["learner, prefetch 2"].Add(RunLearner(xTrain, yTrain, xValid, yValid, o.Epochs, o.Bs, o.Lr, [], prefetch: 2));
            times["hand, torch.optim.AdamW"].Add(RunHand(xTrain, yTrain, xValid, yValid, o.Epochs, o.Bs, o.Lr, fastDaysAdam: false));
        }
        foreach (var (name, ts) in times) Console.WriteLine($"{name,-26} {string.Join("  ", ts.Select(t => $"{t:F2} s"))}  (best {ts.Min():F2} s)");
        var ratio = times["learner"].Min() / times["hand, FastDays Adam"].Min();
        Console.WriteLine($"time ratio learner / hand loop (same optimizer): {ratio:F3} (target ≤ 1.02)");
        Console.WriteLine($"time ratio learner / hand loop with torch.optim.AdamW: {times["learner"].Min() / times["hand, torch.optim.AdamW"].Min():F3}");
        var growth = (double)(memory[^1] - memory[0]) / memory[0];
        Console.WriteLine($"memory (RSS) after each epoch, MiB: {string.Join(" ", memory.Select(m => m / (1 << 20)))}");
        Console.WriteLine($"memory after epoch 1: {memory[0] / (1 << 20)} MiB, after epoch {o.Epochs}: {memory[^1] / (1 << 20)} MiB, growth " +
            $"{growth:P1} (target < 5%)");
        return 0;
    }

    private static double RunLearner(Tensor xTrain, Tensor yTrain, Tensor xValid, Tensor yValid, int epochs, int bs, double lr, List<long> memory,
        int prefetch = 0)
    {
        manual_seed(0);
        // The loaders DataLoaders.FromTensors makes (prefetch 0), or with a background producer thread (prefetch 2).
        var dls = new DataLoaders(
            new TfmdDL(new TensorPairDataset(xTrain, yTrain), new DataLoaderOptions { BatchSize = bs, Shuffle = true, Training = true, Prefetch = prefetch }),
            new TfmdDL(new TensorPairDataset(xValid, yValid), new DataLoaderOptions { BatchSize = bs, Prefetch = prefetch }));
        var learn = new Learner(dls, SimpleCnn.Create(1, 10), new CrossEntropyLossFlat(), OptFuncs.Adam(wd: 0), lr, metrics: [Metric.Accuracy()],
            cbs: [new MemoryProbe(memory)]);
        var clock = Stopwatch.StartNew();
        learn.Fit(epochs);
        return clock.Elapsed.TotalSeconds;
    }

    private static double RunHand(Tensor xTrain, Tensor yTrain, Tensor xValid, Tensor yValid, int epochs, int bs, double lr, bool fastDaysAdam)
    {
        manual_seed(0);
        var model = SimpleCnn.Create(1, 10);
        var adam = fastDaysAdam ? new Optimizers.AdamOptimizer(model.parameters(), lr, wd: 0) : null;
        var adamW = fastDaysAdam ? null : optim.AdamW(model.parameters(), lr, beta1: 0.9, beta2: 0.99, eps: 1e-5, weight_decay: 0);
        var gen = new Generator(0);
        var clock = Stopwatch.StartNew();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            using (var order = randperm(xTrain.shape[0], generator: gen))
                for (long start = 0; start < xTrain.shape[0]; start += bs)
                {
                    using var scope = NewDisposeScope();
                    var idx = order.narrow(0, start, Math.Min(bs, xTrain.shape[0] - start));
                    var loss = nn.functional.cross_entropy(model.forward(xTrain.index_select(0, idx)), yTrain.index_select(0, idx));
                    loss.backward();
                    if (adam is not null) { adam.Step(); adam.ZeroGrad(); }
                    else { adamW!.step(); adamW.zero_grad(); }
                    _ = loss.item<float>();
                }
            model.eval();
            using var noGrad = no_grad();
            double correct = 0, lossSum = 0;
            for (long start = 0; start < xValid.shape[0]; start += bs)
            {
                using var scope = NewDisposeScope();
                var len = Math.Min(bs, xValid.shape[0] - start);
                var output = model.forward(xValid.narrow(0, start, len));
                var y = yValid.narrow(0, start, len);
                lossSum += nn.functional.cross_entropy(output, y).item<float>() * len;
                correct += output.argmax(1).eq(y).sum().item<long>();
            }
        }
        return clock.Elapsed.TotalSeconds;
    }

    private sealed class MemoryProbe(List<long> memory) : Callback
    {
        public override void AfterEpoch()
        {
            using var process = Process.GetCurrentProcess();
            memory.Add(process.WorkingSet64);
        }
    }
}
