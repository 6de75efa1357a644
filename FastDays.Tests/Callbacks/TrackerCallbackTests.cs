using FastDays.Callbacks;
using FastDays.Learning;
using FastDays.Metrics;
using FastDays.Tests.Support;

namespace FastDays.Tests.Callbacks;

public class TrackerCallbackTests
{
    [Test]
    public void EarlyStoppingStopsAfterPatienceEpochsWithoutImprovement()
    {
        // A learning rate far too high makes the validation loss grow from the second epoch on.
        var stop = new EarlyStoppingCallback(patience: 2);
        var learn = SynthLearner.Create(lr: 1.5, cbs: [stop]);
        learn.Fit(10);
        Assert.That(stop.StoppedEpoch, Is.EqualTo(2));
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(3));
    }

    [Test]
    public void EarlyStoppingLetsAnImprovingFitRunToTheEnd()
    {
        // like fastai, only names with loss or error count as lower-is-better
        var stop = new EarlyStoppingCallback(monitor: "mae", comp: (a, b) => a < b, patience: 1);
        var learn = SynthLearner.Create(lr: 1e-2, cbs: [stop], metrics: [Metric.Mae()]);
        learn.Fit(4);
        Assert.That(stop.StoppedEpoch, Is.Null);
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(4));
    }

    [Test]
    public void AnUnknownMonitorIsNamed()
    {
        var learn = SynthLearner.Create(cbs: [new EarlyStoppingCallback(monitor: "accuracy")]);
        Assert.That(() => learn.Fit(1), Throws.TypeOf<CallbackException>().With.Message.Contains("EarlyStoppingCallback.BeforeFit failed: ")
            .And.Message.Contains("'accuracy'").And.Message.Contains("valid_loss").And.InnerException.TypeOf<ArgumentException>());
    }

    [Test]
    public void SaveModelKeepsTheBestEpochAndLoadsItAtTheEnd()
    {
        using var dir = new TempDirectory();
        var save = new SaveModelCallback(fname: "best");
        var learn = SynthLearner.Create(lr: 1.5, cbs: [save], path: dir.Path);   // diverges after the first epoch
        learn.Fit(4);
        Assert.That(save.BestEpoch, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(dir.Path, "models", "best.ckpt")));
        var reloaded = learn.Validate()["valid_loss"];
        Assert.That(reloaded, Is.EqualTo(learn.Recorder.Values[0][1]).Within(1e-6), "the weights of epoch 0 are back");
        Assert.That(reloaded, Is.LessThan(learn.Recorder.Values[^1][1]));
    }

    [Test]
    public void ReduceLrOnPlateauDividesTheLearningRateWhenTheLossStalls()
    {
        var reduce = new ReduceLrOnPlateau(patience: 1, factor: 10);
        var learn = SynthLearner.Create(lr: 1.5, cbs: [reduce]);
        learn.Fit(3);
        Assert.That(learn.Opt!.ParamGroups[0]["lr"], Is.EqualTo(1.5 / 100).Within(1e-12), "two stalled epochs, two reductions");
    }
}
