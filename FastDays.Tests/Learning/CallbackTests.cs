using System.Reflection;
using FastDays.Learning;
using FastDays.Tests.Support;

namespace FastDays.Tests.Learning;

/// <summary>The events: the Event enum and Callback's virtual methods match, one table (EventTable) says how each is dispatched and which stage it
/// belongs to, and callbacks run in a stable order.</summary>
public sealed class CallbackTests
{
    [Test]
    public void EveryEventHasAVirtualMethodOfItsNameAndEveryEventMethodAnEvent()
    {
        var methods = typeof(Callback).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.IsVirtual && m.ReturnType == typeof(void) && m.GetParameters().Length == 0
                && m.Name is not (nameof(Callback.AfterCreate) or nameof(Callback.Cleanup)))   // the two calls that are not loop events
            .Select(m => m.Name);
        Assert.That(methods, Is.EquivalentTo(Enum.GetNames<Event>()));
    }

    [Test]
    public void InvokeCallsTheMethodOfEachEvent()
    {
        var rec = new RecordingCallback();
        foreach (var e in Enum.GetValues<Event>()) rec.Invoke(e);
        Assert.That(rec.Events, Is.EqualTo(Enum.GetValues<Event>()));
    }

    [Test]
    public void TheEventTableListsEveryEventOnceAndEachStageHasItsThreeEvents()
    {
        Assert.That(EventTable.All, Is.EqualTo(Enum.GetValues<Event>()), "one row per event, in fastai's order");
        // Batch-level: the batch and the stages inside it (backward, step, zero_grad), and nothing else.
        Assert.That(Enum.GetValues<Event>().Where(e => EventTable.Of(e).BatchLevel),
            Is.EqualTo(Enum.GetValues<Event>().Where(e => e is >= Event.BeforeBatch and <= Event.AfterBatch)));
        Assert.That(EventTable.Stage<CancelFitException>(), Is.EqualTo((Event.BeforeFit, Event.AfterCancelFit, Event.AfterFit)));
        Assert.That(EventTable.Stage<CancelEpochException>(), Is.EqualTo((Event.BeforeEpoch, Event.AfterCancelEpoch, Event.AfterEpoch)));
        Assert.That(EventTable.Stage<CancelTrainException>(), Is.EqualTo((Event.BeforeTrain, Event.AfterCancelTrain, Event.AfterTrain)));
        Assert.That(EventTable.Stage<CancelValidException>(), Is.EqualTo((Event.BeforeValidate, Event.AfterCancelValidate, Event.AfterValidate)));
        Assert.That(EventTable.Stage<CancelBatchException>(), Is.EqualTo((Event.BeforeBatch, Event.AfterCancelBatch, Event.AfterBatch)));
        Assert.That(EventTable.Stage<CancelBackwardException>(), Is.EqualTo((Event.BeforeBackward, Event.AfterCancelBackward, Event.AfterBackward)));
        Assert.That(EventTable.Stage<CancelStepException>(), Is.EqualTo((Event.BeforeStep, Event.AfterCancelStep, Event.AfterStep)));
        Assert.That(EventTable.Stage<CancelZeroGradException>(), Is.EqualTo((Event.BeforeZeroGrad, Event.AfterCancelZeroGrad, Event.AfterZeroGrad)));
    }

    private sealed class Ordered(string name, int order, List<string> seen) : Callback
    {
        public override int Order => order;
        public override void BeforeFit() => seen.Add(name);
    }

    [Test]
    public void CallbacksOfEqualOrderRunInTheOrderTheyWereAdded()
    {
        var seen = new List<string>();
        var learn = SynthLearner.Create(cbs: [new Ordered("b", 5, seen), new Ordered("a", 5, seen), new Ordered("first", -5, seen)]);
        learn.AddCbs([new Ordered("c", 5, seen), new Ordered("late", 500, seen)]);
        learn.AddCbs([new Ordered("d", 5, seen)]);   // each AddCbs sorts again: the earlier ones keep their places
        learn.Fit(1);
        Assert.That(seen, Is.EqualTo(new[] { "first", "b", "a", "c", "d", "late" }));
    }
}
