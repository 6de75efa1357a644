using FastDays.Data;
using FastDays.Datasets;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Modules;
using FastDays.Tests.Learning;
using FastDays.Tests.Support;
using FastDays.Vision.Callbacks;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Callbacks;

/// <summary>Progressive resizing: the sizes grow by epoch as documented, the model trains on them and validates at full size.</summary>
public sealed class ProgressiveResizingTests
{
    [Test]
    public void SizesGrowInEvenStepsFromTheStartToTheFullSizeByPctOfTheFit()
    {
        var cb = new ProgressiveResizing(16, 0.5);
        var sizes = Enumerable.Range(0, 21).Select(e => cb.SizeAt(e, 21, 28)).ToArray();
        Assert.That(sizes[0], Is.EqualTo(16));
        Assert.That(sizes, Is.Ordered, "never shrinking");
        Assert.That(sizes, Has.All.Matches<int>(s => s % 2 == 0 && s is >= 16 and <= 28));
        Assert.That(sizes.Skip(10), Has.All.EqualTo(28), "full size from epoch round(0.5 · 21) = 10 on");
        Assert.That(sizes[9], Is.LessThan(28));
        Assert.That(new ProgressiveResizing(32).SizeAt(0, 10, 28), Is.EqualTo(28), "a start past the full size resizes nothing");
        Assert.That(new ProgressiveResizing(16, 0).SizeAt(0, 10, 28), Is.EqualTo(28), "pct 0 resizes nothing");
        Assert.That(() => new ProgressiveResizing(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new ProgressiveResizing(16, 1.5), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    // Records the side of the images each batch reaches the model with, after the resizing (Order 3) and before mixing and casting.
    private sealed class Sides : Callback
    {
        public List<(int Epoch, bool Training, long Side)> Seen { get; } = [];
        public override int Order => 4;
        public override void BeforeBatch() => Seen.Add((Learn.Epoch, Learn.Training, Learn.Batch!.X.shape[^1]));
    }

    [Test]
    public void TrainingBatchesShrinkByEpochAndValidationBatchesStayWhole()
    {
        manual_seed(1);
        var data = FashionMnist.LoadTiny();
        var x = data.Train.ImagesTensor()[..256];
        var norm = Normalize.FromStats(x);
        var dls = new DataLoaders(
            new TfmdDL(new TensorPairDataset(x, data.Train.LabelsTensor()[..256]), new DataLoaderOptions { BatchSize = 64, Shuffle = true, Training = true },
                [norm]),
            new TfmdDL(new TensorPairDataset(data.Test.ImagesTensor()[..128], data.Test.LabelsTensor()[..128]), new DataLoaderOptions { BatchSize = 64 },
                [norm]),
            FashionMnist.Classes);
        var model = nn.Sequential(("conv", nn.Conv2d(1, 8, 3, padding: 1)), ("bn", new BatchNormLayer(8)), ("relu", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(8, 10)));
        var sides = new Sides();
        var learn = new Learner(dls, model, new CrossEntropyLossFlat(), cbs: [new ProgressiveResizing(14, 0.75), sides]);
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        learn.FitOneCycle(4, 1e-2);
        var training = sides.Seen.Where(s => s.Training).GroupBy(s => s.Epoch).ToDictionary(g => g.Key, g => g.Select(s => s.Side).Distinct().Single());
        Assert.That(training.OrderBy(kv => kv.Key).Select(kv => kv.Value), Is.EqualTo(new long[] { 14, 18, 24, 28 }), "epochs 0-2 growing, then 28");
        Assert.That(sides.Seen.Where(s => !s.Training).Select(s => s.Side), Has.All.EqualTo(28), "validation at full size");
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(4));
        Assert.That(learn.Recorder.Losses, Has.All.Matches<double>(double.IsFinite));
    }

    [Test]
    public void AFitStoppedMidEpochResumesAtTheSameSizesToTheSameWeights()
    {
        using var dir = new TempDirectory();
        var straight = ResumeTests.Create(dir.File("straight"));
        straight.FitOneCycle(3, 1e-2, cbs: [new ProgressiveResizing(14, 0.7)]);
        var first = ResumeTests.Create(dir.File("resumed"));
        first.FitOneCycle(3, 1e-2, cbs: [new ProgressiveResizing(14, 0.7), new ResumeTests.StopAt(13, Event.AfterBatch)]);
        var second = ResumeTests.Create(dir.File("resumed")).Resume("stopped");
        second.FitOneCycle(3, 1e-2, cbs: [new ProgressiveResizing(14, 0.7)]);
        Assert.That(second.Recorder.Losses, Is.EqualTo(straight.Recorder.Losses));
        Assert.That(ResumeTests.Weights(second), Is.EqualTo(ResumeTests.Weights(straight)));
    }
}
