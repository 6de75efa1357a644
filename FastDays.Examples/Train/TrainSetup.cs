using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FastDays.Losses;
using FastDays.Modules;
using FastDays.Optimizers;
using FastDays.Vision.Callbacks;
using FastDays.Vision.Data;
using FastDays.Vision.Models;
using FastDays.Vision.Transforms;

namespace FastDays.Examples.Train;

/// <summary>The options that describe the data, model and learner of `train` and `lr-find`, and the learner they make.</summary>
/// <remarks>Their defaults are those of configs/train.yaml, which a test holds to them.</remarks>
internal record TrainSetup : NetworkSetup
{
    [Description("Fashion-MNIST: auto (the full set when found or downloadable, else the embedded subset), full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 128;

    [Description("The optimizer: adam (fastai's default: AdamW, betas 0.9/0.99, eps 1e-5), sgd (momentum 0.9), radam (RAdam, fastai's defaults) " +
        "or ranger (fastai's: Lookahead around RAdam, betas 0.95/0.99, eps 1e-6); all decay the weights decoupled")]
    [AllowedValues("adam", "sgd", "radam", "ranger")]
    public string Opt { get; init; } = "adam";

    [Range(0, 10_000)]
    [Description("Lookahead around the optimizer (fastai's Lookahead): every k steps the weights go back halfway towards where they were k steps " +
        "before (fastai: 6; 0: none)")]
    public int Lookahead { get; init; }

    [Range(0.0, 1000.0)]
    [Description("Decoupled weight decay (AdamW, fastai's default)")]
    public double Wd { get; init; } = 0.01;

    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    [Description("Label smoothing of the cross-entropy (0: none)")]
    public double LabelSmoothing { get; init; } = 0.1;

    [Range(0, 64)]
    [Description("RandomCrop(28, padding) on training batches (0: none)")]
    public int CropPadding { get; init; }

    [Description("Random left-right flips of training batches")]
    public bool Flip { get; init; } = true;

    [Description("With flip: alternate the flips instead of drawing them (airbench's): a fixed random half of the images mirrored in even epochs, " +
        "the other half in odd ones")]
    public bool AlternateFlip { get; init; }

    [Range(0.0, 1.0)]
    [Description("RandomErasing probability (0: none)")]
    public double Erase { get; init; }

    [Range(0, 4096)]
    [Description("Progressive resizing: training images scaled down to this side in the first epoch, growing to 28 by --progressive-pct of the " +
        "epochs (0: none)")]
    public int ProgressiveSize { get; init; }

    [Range(0.0, 1.0)]
    [Description("With --progressive-size: the fraction of the epochs over which the training images grow to their own size")]
    public double ProgressivePct { get; init; } = 0.5;

    [Range(0.0, 100.0)]
    [Description("MixUp: blend each training image with another of its batch, weights from Beta(alpha, alpha) (fastai: 0.4; 0: none)")]
    public double Mixup { get; init; }

    [Range(0.0, 100.0)]
    [Description("CutMix: paste a box of another image of the batch into each training image (fastai: 1.0; 0: none)")]
    public double Cutmix { get; init; }

    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    [Description("Validate on, and finish with, an exponential moving average of the weights with this decay per step (0.999: about the last " +
        "thousand steps; 0: none)")]
    public double Ema { get; init; }

    [Description("auto: bf16 mixed precision on a CPU with native bfloat16 (AVX512-BF16, AMX), else fp32; or fp32 or bf16 (docs/benchmarks.md)")]
    [AllowedValues("auto", "fp32", "bf16")]
    public string Precision { get; init; } = "auto";

    [Description("auto: channels-last (NHWC) memory when a few timed training steps find it faster (remembered per machine and model); or true or false")]
    [AllowedValues("auto", "true", "false")]
    public string ChannelsLast { get; init; } = "auto";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";

    [Description("The seed of the weights, the shuffling and the augmentation")]
    public int Seed { get; init; } = 42;

    [Description("Where models/ (checkpoints) and the export go")]
    public string Path { get; init; } = "runs/train";

    /// <summary>The most weights a network of these options may have (100 million: 1.6 GB with AdamW's moments and the gradients).</summary>
    public const double MaxParameters = 100e6;

    /// <summary>One line describing the options, for the log.</summary>
    public virtual string Describe() =>
        $"{DescribeNetwork()}, " +
        $"batch size: {Bs}, {Optimizers[Opt].Label}{(Lookahead > 0 ? $" + Lookahead k {Lookahead}" : "")} wd: {Wd}, " +
        $"label smoothing: {LabelSmoothing}, augmentation: {Augmentation()}, precision: {Precision}" +
        $", channels-last: {ChannelsLast}{(Ema > 0 ? $", ema: {Ema}" : "")}, seed: {Seed}";

    /// <summary>The optimizers --opt names (its AllowedValues list them again, which a test holds to these): the name in the log and the factory.</summary>
    internal static IReadOnlyDictionary<string, (string Label, Func<OptimizerFactory> Make)> Optimizers { get; } =
        new Dictionary<string, (string, Func<OptimizerFactory>)>(StringComparer.Ordinal)
        {
            ["adam"] = ("AdamW", () => OptFuncs.Adam()),
            ["sgd"] = ("SGD", () => OptFuncs.Sgd()),
            ["radam"] = ("RAdam", () => OptFuncs.RAdam()),
            ["ranger"] = ("ranger (RAdam + Lookahead k 6)", () => OptFuncs.Ranger()),
        };

    private string Augmentation()
    {
        string[] parts =
        [
            CropPadding > 0 ? $"crop-pad {CropPadding}" : "", Flip ? (AlternateFlip ? "alternating-flip" : "flip") : "",
            Erase > 0 ? $"erase {Erase}" : "", Mixing.Describe(Mixup, Cutmix),
            ProgressiveSize > 0 ? $"progressive resizing from {ProgressiveSize} px over {ProgressivePct:P0} of the epochs" : "",
        ];
        return string.Join(' ', parts.Where(p => p.Length > 0)) is { Length: > 0 } joined ? joined : "none";
    }

    /// <summary>The learner: Fashion-MNIST normalised with the training set's statistics, the augmentation on the device, the model, cross-entropy
    /// and accuracy.</summary>
    public Learner CreateLearner(FashionMnistData data, Device device)
    {
        if (Opt == "ranger" && Lookahead > 0)
            throw new ArgumentException($"--opt ranger is Lookahead (k 6) around RAdam already; for k {Lookahead} use --opt radam --lookahead {Lookahead}");
        if (AlternateFlip && !Flip) throw new ArgumentException("--alternate-flip true alternates flips, and with --flip false there are none");
        manual_seed(Seed);
        var xTrain = data.Train.ImagesTensor();    // (60000, 1, 28, 28)
        var yTrain = data.Train.LabelsTensor();    // (60000)
        var xValid = data.Test.ImagesTensor();     // (10000, 1, 28, 28)
        var yValid = data.Test.LabelsTensor();     // (10000)
        var normalize = Normalize.FromStats(xTrain);
        List<IBatchTransform> train = [];
        if (CropPadding > 0) train.Add(new RandomCrop(28, CropPadding, Seed));   // before Normalize: the padding is the black background
        train.Add(normalize);
        if (Flip && !AlternateFlip) train.Add(new Flip(0.5, Seed + 1));
        if (Erase > 0) train.Add(new RandomErasing(Erase, seed: Seed + 2));
        IDataset trainSet = new TensorPairDataset(xTrain, yTrain);
        if (Flip && AlternateFlip) trainSet = new AlternatingFlipDataset(trainSet, Seed + 1);   // flips before the crops: the same distribution
        var dls = new DataLoaders(
            new TfmdDL(trainSet, new DataLoaderOptions { BatchSize = Bs, Shuffle = true, Seed = Seed, Training = true }, train),
            new TfmdDL(new TensorPairDataset(xValid, yValid), new DataLoaderOptions { BatchSize = Math.Max(Bs, 512) }, [normalize]),
            FashionMnist.Classes);
        var spec = Spec(FashionMnist.Classes.Count);
        if (ModelZoo.LeastParameters(spec) is > MaxParameters and var least)
            throw new ArgumentException($"--widths {string.Join(',', Widths)}" +
                (Arch == VisionArchitectures.XResNetSmallName ? $" with --blocks {string.Join(',', Blocks)} --stem-convs {StemConvs}" : "") +
                $" make a network of at least {least:N0} weights, more than the {MaxParameters:N0} this example trains");
        var loss = new CrossEntropyLossFlat(LabelSmoothing);
        IEnumerable<Callback> cbs = [.. Mixing.Callbacks(Mixup, Cutmix), .. Ema > 0 ? [new EmaCallback(Ema)] : Array.Empty<Callback>(),
            .. ProgressiveSize > 0 ? [new ProgressiveResizing(ProgressiveSize, ProgressivePct)] : Array.Empty<Callback>()];
        var optFunc = Optimizers[Opt].Make();
        if (Lookahead > 0) optFunc = OptFuncs.Lookahead(optFunc, Lookahead);
        var learn = new Learner(dls, ModelZoo.Create(spec), loss, optFunc, cbs: cbs, metrics: [Metric.Accuracy()], path: Path, device: device) { Spec = spec };
        // Precision and memory format for this machine and model (or as asked); the line says how to repeat the choice.
        var speed = learn.ToFastest(new SpeedOptions { Precision = Precision, ChannelsLast = ChannelsLast });
        Console.WriteLine($"speed: {speed.Describe()}");
        return learn;
    }
}
