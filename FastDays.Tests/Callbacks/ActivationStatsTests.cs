using FastDays.Callbacks;
using FastDays.Tests.Support;

namespace FastDays.Tests.Callbacks;

public sealed class ActivationStatsTests
{
    [Test]
    public void EveryTrainingBatchIsRecordedPerLayerAndTheHooksGoAfterTheFit()
    {
        using var dir = new TempDirectory();
        var stats = new ActivationStats();
        var learn = SynthLearner.Create(nTrain: 64, cbs: [stats]);
        learn.Fit(2);
        Assert.That(stats.Layers, Is.Not.Empty, "the synthetic model's linear layer has parameters");
        var trainBatches = 2 * learn.Dls.Train.Count;
        Assert.That(stats.Stats.Select(s => s.Count), Has.All.EqualTo(trainBatches), "training batches only, not validation ones");
        Assert.That(stats.Histograms[0], Has.Count.EqualTo(trainBatches));
        Assert.That(stats.Histograms[0][0], Has.Length.EqualTo(ActivationStats.Bins));
        var (mean, std, nearZero) = stats.Stats[0][^1];
        Assert.That(double.IsFinite(mean) && std >= 0 && nearZero is >= 0 and <= 1);
        using (var x = learn.Dls.OneBatch()) learn.Model.forward(x.X).Dispose();
        Assert.That(stats.Stats[0], Has.Count.EqualTo(trainBatches), "the hooks are removed when the fit ends");
        Assert.That(File.Exists(stats.PlotColorDim(dir.File("color_dim.png"))));
        Assert.That(stats.PlotStats(dir.File("stats.png")), Has.Count.EqualTo(3).And.All.Matches<string>(File.Exists));
    }
}
