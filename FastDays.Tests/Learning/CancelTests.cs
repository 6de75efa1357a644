using FastDays.Learning;
using FastDays.Tests.Support;

namespace FastDays.Tests.Learning;

/// <summary>A Cancel…Exception thrown at an event skips the rest of its stage, whose AfterCancel… and After… run; as in fastai, the stages it passes
/// through on its way there, and those an error leaves, get no After… event, and every callback's Cleanup runs once at the end.</summary>
public class CancelTests
{
    private static List<Event> Run(Event at, Func<CancelException> cancel, int after = 0)
    {
        var rec = new RecordingCallback { CancelAt = at, Cancel = cancel, CancelAfter = after };
        SynthLearner.Create(nTrain: 2, nValid: 1, cbs: [rec]).Fit(2);
        return rec.Events;
    }

    private static int Count(List<Event> events, Event e) => events.Count(x => x == e);

    [Test]
    public void CancelBatchInAfterPredSkipsLossAndBackwardOfThatBatchOnly()
    {
        var ev = Run(Event.AfterPred, () => new CancelBatchException());
        var i = ev.IndexOf(Event.AfterPred);
        Assert.That(ev.Skip(i + 1).Take(2), Is.EqualTo(new[] { Event.AfterCancelBatch, Event.AfterBatch }));
        Assert.That(Count(ev, Event.BeforeBatch), Is.EqualTo(6), "2 epochs × (2 train + 1 valid) batches still run");
        Assert.That(Count(ev, Event.AfterStep), Is.EqualTo(3), "one of the 4 training steps was skipped");
    }

    [Test]
    public void CancelTrainSkipsTheRestOfTrainingButValidationRuns()
    {
        var ev = Run(Event.BeforeBatch, () => new CancelTrainException());
        var i = ev.IndexOf(Event.BeforeBatch);
        Assert.That(ev.Skip(i + 1).Take(3), Is.EqualTo(new[] { Event.AfterCancelTrain, Event.AfterTrain, Event.BeforeValidate }),
            "the batch it passed through has no AfterBatch");
        Assert.That(Count(ev, Event.AfterCancelTrain), Is.EqualTo(1));
        Assert.That(Count(ev, Event.BeforeValidate), Is.EqualTo(2));
        Assert.That(Count(ev, Event.AfterEpoch), Is.EqualTo(2));
    }

    [Test]
    public void CancelValidSkipsValidationButTheEpochEnds()
    {
        var ev = Run(Event.BeforeValidate, () => new CancelValidException());
        var i = ev.IndexOf(Event.BeforeValidate);
        Assert.That(ev.Skip(i + 1).Take(3), Is.EqualTo(new[] { Event.AfterCancelValidate, Event.AfterValidate, Event.AfterEpoch }));
        Assert.That(Count(ev, Event.BeforeEpoch), Is.EqualTo(2), "the next epoch still runs");
    }

    [Test]
    public void CancelEpochEndsTheEpochAndTheNextOneRuns()
    {
        var ev = Run(Event.AfterTrain, () => new CancelEpochException());
        var i = ev.IndexOf(Event.AfterTrain);
        Assert.That(ev.Skip(i + 1).Take(3), Is.EqualTo(new[] { Event.AfterCancelEpoch, Event.AfterEpoch, Event.BeforeEpoch }));
        Assert.That(Count(ev, Event.BeforeValidate), Is.EqualTo(1));
    }

    [Test]
    public void CancelFitEndsEverythingWithAfterCancelFitThenAfterFit()
    {
        var ev = Run(Event.AfterEpoch, () => new CancelFitException());
        Assert.That(ev[^2..], Is.EqualTo(new[] { Event.AfterCancelFit, Event.AfterFit }));
        Assert.That(Count(ev, Event.BeforeEpoch), Is.EqualTo(1));
    }

    [TestCase(Event.BeforeBackward, Event.AfterCancelBackward, Event.AfterBackward, Event.BeforeStep)]
    [TestCase(Event.BeforeStep, Event.AfterCancelStep, Event.AfterStep, Event.BeforeZeroGrad)]
    [TestCase(Event.BeforeZeroGrad, Event.AfterCancelZeroGrad, Event.AfterZeroGrad, Event.AfterBatch)]
    public void CancellingABatchStageRunsItsAfterEventsAndGoesOn(Event at, Event afterCancel, Event after, Event next)
    {
        Func<CancelException> make = at switch
        {
            Event.BeforeBackward => () => new CancelBackwardException(),
            Event.BeforeStep => () => new CancelStepException(),
            _ => () => new CancelZeroGradException(),
        };
        var ev = Run(at, make);
        var i = ev.IndexOf(at);
        Assert.That(ev.Skip(i + 1).Take(3), Is.EqualTo(new[] { afterCancel, after, next }));
    }

    [Test]
    public void AnErrorInACallbackIsNamedAndLeavesEveryStageWithoutAfterEventsButCleanupRunsOnce()
    {
        var rec = new RecordingCallback { CancelAt = Event.AfterLoss, Cancel = () => throw new InvalidOperationException("boom") };
        var learn = SynthLearner.Create(nTrain: 2, nValid: 1, cbs: [rec]);
        var e = Assert.Throws<CallbackException>(() => learn.Fit(1))!;
        Assert.That(e.Message, Is.EqualTo("RecordingCallback.AfterLoss failed at epoch 0, training batch 0: boom"));
        Assert.That((e.Callback, e.Event, e.InnerException?.Message), Is.EqualTo((rec, Event.AfterLoss, "boom")));
        Assert.That(rec.Events[^1], Is.EqualTo(Event.AfterLoss), "no After… event after the error");
        Assert.That(rec.Cleanups, Is.EqualTo(1));
    }

    [Test]
    public void AnErrorInAfterBatchReachesNoAfterEpochOrAfterFitAndCleansUpOnce()
    {
        var rec = new RecordingCallback { CancelAt = Event.AfterBatch, CancelAfter = 1, Cancel = () => throw new InvalidOperationException("boom") };
        var progress = new FastDays.Callbacks.ProgressCallback { Writer = TextWriter.Null };
        var learn = SynthLearner.Create(nTrain: 3, nValid: 1, cbs: [rec, progress]);
        Assert.That(() => learn.Fit(2), Throws.TypeOf<CallbackException>().With.Message.Contains("AfterBatch failed at epoch 0, training batch 1"));
        var after = rec.Events.Skip(rec.Events.LastIndexOf(Event.AfterBatch) + 1).ToList();
        Assert.That(after, Is.Empty, "no AfterTrain, AfterEpoch or AfterFit after the failed batch");
        Assert.That(rec.Cleanups, Is.EqualTo(1));
        Assert.That(learn.Recorder.Values, Is.Empty, "no row for the epoch the error left");
        // A validation pass outside a fit is a run of its own: its Cleanup runs once too.
        learn.RemoveCbs([rec]);
        var other = new RecordingCallback();
        learn.AddCbs([other]);
        learn.GetPreds().Preds.Dispose();
        Assert.That(other.Cleanups, Is.EqualTo(1));
        Assert.That(typeof(Learner).GetMember("Failure"), Is.Empty, "nothing is left for callbacks to guard on");
    }

    [Test]
    public void ACancelPassingThroughStagesLeavesThemWithoutAfterEvents()
    {
        // Ctrl-C's CancelFitException from AfterBatch: no AfterTrain, AfterEpoch; AfterCancelFit then AfterFit.
        var ev = Run(Event.AfterBatch, () => new CancelFitException(), after: 2);
        var i = ev.LastIndexOf(Event.AfterBatch);
        Assert.That(ev.Skip(i + 1), Is.EqualTo(new[] { Event.AfterCancelFit, Event.AfterFit }));
    }

    [Test]
    public void AFailedEpochIsNeitherRecordedNorSavedAndTheLastCheckpointResumes()
    {
        // A crash in the first batch of epoch 1: epoch 0's row and checkpoint stand; nothing of epoch 1 is logged or saved.
        using var dir = new TempDirectory();
        var rec = new RecordingCallback { CancelAt = Event.AfterLoss, CancelAfter = 3, Cancel = () => throw new InvalidOperationException("boom") };
        var csv = new FastDays.Callbacks.CsvLogger();
        var learn = SynthLearner.Create(nTrain: 2, nValid: 1, path: dir.Path,
            cbs: [rec, csv, new FastDays.Callbacks.SaveModelCallback(everyEpoch: true, withOpt: true),
                new FastDays.Callbacks.EarlyStoppingCallback(patience: 1)]);
        Assert.That(() => learn.Fit(3), Throws.TypeOf<CallbackException>().With.Message.Contains("at epoch 1, training batch 0"));
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(1), "epoch 0 only");
        Assert.That(File.ReadAllLines(dir.File("history.csv")), Has.Length.EqualTo(2), "the header and epoch 0");
        Assert.That(Directory.GetFiles(dir.File("models")).Select(Path.GetFileName), Is.EqualTo(new[] { "model_0.ckpt" }));
        var resumed = SynthLearner.Create(nTrain: 2, nValid: 1, path: dir.Path).Resume("model_0");
        Assert.That(resumed.Resuming!.Epoch, Is.EqualTo(1), "the checkpoint of the last whole epoch resumes with the next one");
        learn.RemoveCbs([rec]);
        learn.Fit(1);
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(1), "a new fit starts clean");
    }
}
