using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Examples.Cli;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Vision.Models;
using static TorchSharp.torch;

namespace FastDays.Examples.Commands;

/// <summary>fastai's learning-rate finder on the train command's model and data: prints the suggestions and writes the plot.</summary>
public sealed class LrFindCommand : IExampleCommand
{
    /// <inheritdoc />
    public string Name => "lr-find";

    /// <inheritdoc />
    public string Summary => "run LrFind on the train command's CNN and data (--data, --bs, --widths, --num-it, --out PNG, --config as for train)";

    /// <inheritdoc />
    public int Run(CommandArgs args)
    {
        args.UseConfig(TrainCommand.DefaultConfig);   // the train config: same data, model and batch size
        var data = DataChoice.LoadFashionMnist(args.Get("data"));
        var bs = args.GetInt("bs", 128);
        var widths = args.GetInts("widths", [32, 64, 128, 256]);
        var device = TorchDevices.Resolve(args.Get("device"));
        var seed = args.GetInt("seed", 42);
        var numIt = args.GetInt("num-it", 100);
        var output = args.Get("out") ?? "runs/lr_find.png";
        foreach (var unused in new[] { "epochs", "lr", "wd", "pct-start", "path" }) args.Get(unused);   // train-only keys of the shared config
        args.RejectUnknown();
        Console.WriteLine($"data: {data.Describe()}");

        manual_seed(seed);
        var xTrain = data.Train.ImagesTensor();    // (n, 1, 28, 28)
        var dls = DataLoaders.FromTensors(xTrain, data.Train.LabelsTensor(), data.Test.ImagesTensor(), data.Test.LabelsTensor(), bs, seed,
            FashionMnist.Classes, [Normalize.FromStats(xTrain)]);
        var learn = new Learner(dls, SimpleCnn.Create(1, 10, widths), new CrossEntropyLossFlat(), metrics: [Metric.Accuracy()], device: device);

        // Sweep 1e-7 → 10 exponentially over numIt batches; the weights are put back afterwards.
        var suggestions = learn.LrFind(numIt: numIt, suggestFuncs: ["valley", "slide", "minimum", "steep"]);
        foreach (var (method, lr) in suggestions.Lrs) Console.WriteLine($"{method,-8} {lr:E2}");
        Console.WriteLine($"plot: {learn.Recorder.PlotLrFind(output, suggestions)}");
        return 0;
    }
}
