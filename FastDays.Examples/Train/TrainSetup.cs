using FastDays.Data;
using FastDays.Examples.Cli;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Modules;
using FastDays.Vision.Models;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Examples.Train;

/// <summary>The options of `train` and `lr-find` (configs/train.yaml or --config, overridden by the command line) and the data, model and learner they describe.</summary>
public sealed record TrainSetup
{
    /// <summary>auto, full, tiny or a folder.</summary>
    public string? Data { get; init; }
    /// <summary>The number of one-cycle epochs.</summary>
    public int Epochs { get; init; }
    /// <summary>The peak learning rate.</summary>
    public double Lr { get; init; }
    /// <summary>The batch size.</summary>
    public int Bs { get; init; }
    /// <summary>The decoupled weight decay.</summary>
    public double Wd { get; init; }
    /// <summary>The fraction of the cycle spent warming up.</summary>
    public double PctStart { get; init; }
    /// <summary>simple_cnn or xresnet_small.</summary>
    public required string Arch { get; init; }
    /// <summary>The channel widths (SimpleCnn: one per block; XResNet.Small: the stem, then one per stage).</summary>
    public required int[] Widths { get; init; }
    /// <summary>XResNet.Small's ResBlocks per stage.</summary>
    public required int[] Blocks { get; init; }
    /// <summary>Label smoothing of the cross-entropy (0 for none).</summary>
    public double LabelSmoothing { get; init; }
    /// <summary>RandomCrop's zero padding (0: no random crop).</summary>
    public int CropPadding { get; init; }
    /// <summary>Whether training images are flipped left–right at random.</summary>
    public bool Flip { get; init; }
    /// <summary>RandomErasing's probability (0: none).</summary>
    public double Erase { get; init; }
    /// <summary>Whether the reported accuracy also averages the predictions of the flipped test images (test-time augmentation).</summary>
    public bool Tta { get; init; }
    /// <summary>fp32, or bf16 for mixed precision.</summary>
    public required string Precision { get; init; }
    /// <summary>cpu, cuda, cuda:N or auto.</summary>
    public string? Device { get; init; }
    /// <summary>The seed of weights, shuffling and augmentation.</summary>
    public int Seed { get; init; }
    /// <summary>Where checkpoints and the export go.</summary>
    public required string Path { get; init; }

    /// <summary>Reads the options (the config's keys use underscores, the command line dashes).</summary>
    public static TrainSetup Read(CommandArgs args) => new()
    {
        Data = args.Get("data"),
        Epochs = args.GetInt("epochs", 10),
        Lr = args.GetDouble("lr", 5e-3),
        Bs = args.GetInt("bs", 128),
        Wd = args.GetDouble("wd", 0.01),
        PctStart = args.GetDouble("pct-start", 0.25),
        Arch = args.GetChoice("arch", VisionArchitectures.SimpleCnnName, VisionArchitectures.SimpleCnnName, VisionArchitectures.XResNetSmallName),
        Widths = args.GetInts("widths", [32, 64, 128, 256]),
        Blocks = args.GetInts("blocks", [1, 1, 1]),
        LabelSmoothing = args.GetDouble("label-smoothing", 0),
        CropPadding = args.GetInt("crop-padding", 0),
        Flip = args.GetBool("flip", false),
        Erase = args.GetDouble("erase", 0),
        Tta = args.GetBool("tta", false),
        Precision = args.GetChoice("precision", "fp32", "fp32", "bf16"),
        Device = args.Get("device"),
        Seed = args.GetInt("seed", 42),
        Path = args.Get("path") ?? "runs/train",
    };

    /// <summary>The architecture as a ModelZoo spec, so that the export can rebuild it.</summary>
    public ModelSpec Spec(int classes) => Arch switch
    {
        VisionArchitectures.SimpleCnnName => VisionArchitectures.SimpleCnnSpec(1, classes, Widths),
        VisionArchitectures.XResNetSmallName => VisionArchitectures.XResNetSmallSpec(1, classes, Widths, Blocks),
        _ => throw new ArgumentException($"unknown arch '{Arch}' (simple_cnn, xresnet_small)"),
    };

    /// <summary>One line describing the options, for the log.</summary>
    public string Describe() =>
        $"{Arch} {Formats.List(Widths)}{(Arch == VisionArchitectures.XResNetSmallName ? $" blocks {Formats.List(Blocks)}" : "")}, " +
        $"epochs: {Epochs}, lr: {Lr}, batch size: {Bs}, wd: {Wd}, label smoothing: {LabelSmoothing}, " +
        $"augmentation: {(CropPadding > 0 ? $"crop-pad {CropPadding} " : "")}{(Flip ? "flip " : "")}{(Erase > 0 ? $"erase {Erase} " : "")}{(CropPadding == 0 && !Flip && Erase == 0 ? "none" : "")}".TrimEnd() +
        $", tta: {Tta}, precision: {Precision}, seed: {Seed}";

    /// <summary>The learner: Fashion-MNIST normalised with the training set's statistics, the augmentation on the device, the model, cross-entropy and accuracy.</summary>
    public Learner CreateLearner(FashionMnistData data, Device device)
    {
        if (Precision is not ("fp32" or "bf16")) throw new ArgumentException($"precision must be fp32 or bf16, not '{Precision}'");
        manual_seed(Seed);
        var xTrain = data.Train.ImagesTensor();    // (60000, 1, 28, 28)
        var yTrain = data.Train.LabelsTensor();    // (60000)
        var xValid = data.Test.ImagesTensor();     // (10000, 1, 28, 28)
        var yValid = data.Test.LabelsTensor();     // (10000)
        var normalize = Normalize.FromStats(xTrain);
        List<IBatchTransform> train = [normalize];
        if (CropPadding > 0) train.Add(new RandomCrop(28, CropPadding, Seed));
        if (Flip) train.Add(new Flip(0.5, Seed + 1));
        if (Erase > 0) train.Add(new RandomErasing(Erase, seed: Seed + 2));
        var dls = new DataLoaders(
            new DataLoader(new TensorDataset(xTrain, yTrain), new DataLoaderOptions { BatchSize = Bs, Shuffle = true, Seed = Seed, Training = true }, train),
            new DataLoader(new TensorDataset(xValid, yValid), new DataLoaderOptions { BatchSize = Math.Max(Bs, 512) }, [normalize]),
            FashionMnist.Classes);
        var spec = Spec(FashionMnist.Classes.Count);
        var learn = new Learner(dls, ModelZoo.Create(spec), new CrossEntropyLossFlat(LabelSmoothing), metrics: [Metric.Accuracy()], path: Path, device: device) { Arch = spec };
        if (Precision == "bf16") learn.ToBf16();
        return learn;
    }
}
