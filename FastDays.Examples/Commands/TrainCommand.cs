using System.Diagnostics;
using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Examples.Cli;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Vision.Models;
using static TorchSharp.torch;

namespace FastDays.Examples.Commands;

/// <summary>README command 1: trains a small CNN on the best Fashion-MNIST copy found, with fastai's one-cycle policy.</summary>
public sealed class TrainCommand : IExampleCommand
{
    /// <summary>The config read when --config is not given.</summary>
    public const string DefaultConfig = "configs/train.yaml";

    /// <inheritdoc />
    public string Name => "train";

    /// <inheritdoc />
    public string Summary => $"train a small CNN on Fashion-MNIST with FitOneCycle (--config FILE, default {DefaultConfig}; every key is also an option: --epochs 3 --data tiny ...)";

    /// <inheritdoc />
    public int Run(CommandArgs args)
    {
        // Options: the config file, overridden by the command line.
        var configPath = args.UseConfig(DefaultConfig);
        var data = DataChoice.LoadFashionMnist(args.Get("data"));
        var epochs = args.GetInt("epochs", 10);
        var lr = args.GetDouble("lr", 5e-3);
        var bs = args.GetInt("bs", 128);
        var wd = args.GetDouble("wd", 0.01);
        var pctStart = args.GetDouble("pct-start", 0.25);
        var widths = args.GetInts("widths", [32, 64, 128, 256]);
        var device = TorchDevices.Resolve(args.Get("device"));
        var seed = args.GetInt("seed", 42);
        var path = args.Get("path") ?? "runs/train";
        args.RejectUnknown();
        Console.WriteLine($"config: {configPath ?? "(built-in defaults)"}");
        Console.WriteLine($"data: {data.Describe()}");
        Console.WriteLine($"device: {device}, epochs: {epochs}, lr: {lr}, batch size: {bs}, wd: {wd}, widths: [{string.Join(", ", widths)}], seed: {seed}");

        // The data: images as floats in [0, 1], normalised on the device with the training set's statistics.
        manual_seed(seed);
        var xTrain = data.Train.ImagesTensor();    // (60000, 1, 28, 28)
        var yTrain = data.Train.LabelsTensor();    // (60000)
        var xValid = data.Test.ImagesTensor();     // (10000, 1, 28, 28)
        var yValid = data.Test.LabelsTensor();     // (10000)
        var normalize = Normalize.FromStats(xTrain);
        var dls = DataLoaders.FromTensors(xTrain, yTrain, xValid, yValid, bs, seed, FashionMnist.Classes, [normalize]);

        // The learner: a small CNN, cross-entropy, Adam with fastai's defaults, accuracy on the test set.
        var model = SimpleCnn.Create(1, FashionMnist.Classes.Count, widths);
        var learn = new Learner(dls, model, new CrossEntropyLossFlat(), metrics: [Metric.Accuracy()], path: path, device: device)
        {
            Arch = VisionArchitectures.SimpleCnnSpec(1, FashionMnist.Classes.Count, widths),
        };

        // One cycle: warm up to lr over the first quarter, then anneal. Ctrl-C stops after the batch with a checkpoint;
        // a NaN loss stops with the epoch and batch named; the table also goes to runs/train/history.csv.
        var clock = Stopwatch.StartNew();
        learn.FitOneCycle(epochs, lr, pctStart: pctStart, wd: wd, cbs: [new InterruptCallback(), new TerminateOnNaNCallback(), new CSVLogger()]);
        var done = learn.Recorder.Values.Count;
        Console.WriteLine($"accuracy {learn.Recorder.Last("accuracy"):F4} after {done} of {epochs} epochs in {clock.Elapsed.TotalSeconds:F0} s " +
                          $"({clock.Elapsed.TotalSeconds / done:F1} s/epoch)");
        Console.WriteLine($"checkpoint: {learn.Save("final")}");
        Console.WriteLine($"export: {learn.Export()}");
        return 0;
    }
}
