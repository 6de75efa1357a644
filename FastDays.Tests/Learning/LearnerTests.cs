using FastDays.Learning;
using FastDays.Tests.Support;

namespace FastDays.Tests.Learning;

public class LearnerTests
{
    private static readonly Event[] TrainBatch =
    [
        Event.BeforeBatch, Event.AfterPred, Event.AfterLoss, Event.BeforeBackward, Event.AfterBackward,
        Event.BeforeStep, Event.AfterStep, Event.BeforeZeroGrad, Event.AfterZeroGrad, Event.AfterBatch,
    ];

    private static readonly Event[] ValidBatch = [Event.BeforeBatch, Event.AfterPred, Event.AfterLoss, Event.AfterBatch];

    [Test]
    public void EventsComeInFastaisOrder()
    {
        var rec = new RecordingCallback();
        var learn = SynthLearner.Create(nTrain: 2, nValid: 1, cbs: [rec]);
        learn.Fit(1);
        Event[] expected =
        [
            Event.BeforeFit, Event.BeforeEpoch, Event.BeforeTrain, .. TrainBatch, .. TrainBatch, Event.AfterTrain,
            Event.BeforeValidate, .. ValidBatch, Event.AfterValidate, Event.AfterEpoch, Event.AfterFit,
        ];
        Assert.That(rec.Events, Is.EqualTo(expected));
    }

    [Test]
    public void RunValidFalseGatesOnlyTheBatchEventsOfValidation()
    {
        // fastai's rule: run_train/run_valid gate the events of the batch loop, never those of the fit, epoch or passes.
        var rec = new RecordingCallback { TrainOnly = true };
        var learn = SynthLearner.Create(nTrain: 2, nValid: 1, cbs: [rec]);
        learn.Fit(1);
        Event[] expected =
        [
            Event.BeforeFit, Event.BeforeEpoch, Event.BeforeTrain, .. TrainBatch, .. TrainBatch, Event.AfterTrain,
            Event.BeforeValidate, Event.AfterValidate, Event.AfterEpoch, Event.AfterFit,
        ];
        Assert.That(rec.Events, Is.EqualTo(expected));
    }

    [Test]
    public void RemovedCbsAndNoBarTakeCallbacksOutUntilDisposed()
    {
        var rec = new RecordingCallback();
        var learn = SynthLearner.Create(nTrain: 2, nValid: 1, cbs: [rec], quiet: false);
        learn.Cb<FastDays.Callbacks.ProgressCallback>()!.Writer = TextWriter.Null;
        var order = learn.Cbs.ToList();
        using (learn.RemovedCbs([rec]))
        {
            learn.Fit(1);
            Assert.That(learn.Cbs, Does.Not.Contain(rec));
        }
        Assert.That(rec.Events, Is.Empty, "removed while the learner trained");
        using (learn.NoBar()) Assert.That(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>(), Is.Empty);
        Assert.That(learn.Cbs, Is.EqualTo(order), "all back, in their order");
        learn.Fit(1);
        Assert.That(rec.Events, Is.Not.Empty);
    }

    [Test]
    public void SynthLearnerFitsTheLine()
    {
        var learn = SynthLearner.Create(lr: 1e-1);
        var model = (RegModel)learn.Model;
        learn.Fit(6);
        Assert.That(model.A, Is.EqualTo(2).Within(0.1));
        Assert.That(model.B, Is.EqualTo(3).Within(0.1));
        Assert.That(learn.Recorder.Last("valid_loss"), Is.LessThan(0.02), "the noise variance is 0.01");
    }

    // A learner that changes one piece of the batch step: its loss is twice the loss function's.
    private sealed class DoubledLossLearner(FastDays.Data.DataLoaders dls, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> model)
        : Learner(dls, model, new FastDays.Losses.MseLossFlat(), FastDays.Optimizers.OptFuncs.Sgd(mom: 0), 0.05)
    {
        protected override void DoLoss()
        {
            base.DoLoss();
            LossGrad = LossGrad!.mul(2);
            Loss = LossGrad.detach();
        }
    }

    [Test]
    public void ASubclassThatOverridesOnlyTheLossTrainsThroughTheLearnersOwnGradientStep()
    {
        // With plain SGD, twice the loss at lr is the loss at 2·lr: the override's loss is the one the backward pass and the step used.
        var plain = SynthLearner.Create(lr: 0.1, seed: 3);
        plain.Fit(2);
        var reference = SynthLearner.Create(seed: 3);
        var doubled = new DoubledLossLearner(reference.Dls, new RegModel());
        doubled.RemoveCbs(doubled.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        doubled.Fit(2);
        var (a, b) = ((RegModel)plain.Model, (RegModel)doubled.Model);
        Assert.That(b.A, Is.EqualTo(a.A).Within(1e-6));
        Assert.That(b.B, Is.EqualTo(a.B).Within(1e-6));
        Assert.That(a.A, Is.Not.EqualTo(0).Within(0.1), "it trained");
        Assert.That(doubled.Recorder.Losses[0], Is.EqualTo(2 * plain.Recorder.Losses[0]).Within(1e-6), "the logged loss is the override's");
    }
}
