using System.Text.Json;
using FastDays.Learning;
using FastDays.Tests.Support;

namespace FastDays.Tests.Learning;

/// <summary>FitOneCycle's learning rate and momentum at every step against fastai's definition computed in Python, and where PyTorch's OneCycleLR
/// differs.</summary>
[NeedsPyTorch]
public class FitOneCycleTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(PythonFixtures.Generate("onecycle.py"), "onecycle.json"))).RootElement);

    private static double[] Series(string name) => [.. Reference.Value.GetProperty(name).EnumerateArray().Select(e => e.GetDouble())];

    private static Learner FitTwentySteps()
    {
        var learn = SynthLearner.Create(nTrain: 10);   // 10 batches × 2 epochs = the fixture's 20 steps
        learn.FitOneCycle(2, Reference.Value.GetProperty("lr_max").GetDouble());
        return learn;
    }

    [Test]
    public void LearningRatesAndMomentumsFollowFastaisTwoCosineSegments()
    {
        var learn = FitTwentySteps();
        Assert.That(learn.Recorder.Lrs, Has.Count.EqualTo(20));
        Assert.That(learn.Recorder.Lrs, Is.EqualTo(Series("fastai_lr")).Within(1e-12));
        Assert.That(learn.Recorder.Moms, Is.EqualTo(Series("fastai_mom")).Within(1e-12));
    }

    [Test]
    public void PyTorchsOneCycleLRPeaksOneStepEarlier()
    {
        // PyTorch ends its warm-up phase at step pct_start·total − 1 (here 4); fastai reaches the peak at pos = pct_start (step 5).
        var (torchLr, fastaiLr) = (Series("torch_lr"), Series("fastai_lr"));
        var lrMax = Reference.Value.GetProperty("lr_max").GetDouble();
        Assert.That(Array.IndexOf(torchLr, torchLr.Max()), Is.EqualTo(4));
        Assert.That(Array.IndexOf(fastaiLr, fastaiLr.Max()), Is.EqualTo(5));
        var learn = FitTwentySteps();
        Assert.That(learn.Recorder.Lrs[5], Is.EqualTo(lrMax).Within(1e-15));
        Assert.That(learn.Recorder.Lrs[4], Is.LessThan(lrMax * 0.95));
        Assert.That(learn.Recorder.Lrs.Zip(torchLr, (a, b) => Math.Abs(a - b)).Max(), Is.GreaterThan(1e-3), "the two schedules differ");
        Assert.That(learn.Recorder.Lrs[0], Is.EqualTo(torchLr[0]).Within(1e-15), "both start at lr_max / div");
    }
}
