using FastDays.Callbacks;
using FastDays.Learning;
using FastDays.Metrics;
using FastDays.Tests.Support;
using SkiaSharp;

namespace FastDays.Tests.Callbacks;

public class RecorderTests
{
    [Test]
    public void TheRecorderKeepsPerBatchAndPerEpochValuesAndPlotsThem()
    {
        using var dir = new TempDirectory();
        var learn = SynthLearner.Create(nTrain: 5, metrics: [Metric.Mae()]);
        learn.FitOneCycle(3, 1e-2);
        var r = learn.Recorder;
        Assert.That(r.Names, Is.EqualTo(new[] { "epoch", "train_loss", "valid_loss", "mae", "time" }));
        Assert.That((r.Losses.Count, r.Lrs.Count, r.Moms.Count), Is.EqualTo((15, 15, 15)));
        Assert.That(r.Iters, Is.EqualTo(new[] { 5, 10, 15 }));
        Assert.That(r.Values, Has.Count.EqualTo(3));
        Assert.That(r.Values.Select(v => v[0]), Is.EqualTo(new[] { r.Losses[4], r.Losses[9], r.Losses[14] }),
            "train_loss is the smoothed loss at the epoch's end");
        Assert.That(r.Moms[0], Is.EqualTo(0.95).Within(1e-12));
        foreach (var png in new[] { r.PlotLoss(dir.File("loss.png"), skipStart: 0) }.Concat(r.PlotSched(dir.File("sched.png"))))
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.That(bitmap, Is.Not.Null, png);
        }
        Assert.That(File.Exists(dir.File("sched-mom.png")));
    }
}
