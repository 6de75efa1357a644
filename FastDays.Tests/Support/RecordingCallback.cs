using FastDays.Learning;

namespace FastDays.Tests.Support;

/// <summary>Records every event it receives, and can throw a given cancel exception at a given event.</summary>
public sealed class RecordingCallback : Callback
{
    public List<Event> Events { get; } = [];

    public Event? CancelAt { get; init; }

    public Func<CancelException>? Cancel { get; init; }

    public int CancelAfter { get; init; }

    /// <summary>When set, the callback does not run during validation (RunValid false).</summary>
    public bool TrainOnly { get; init; }

    public override bool RunValid => !TrainOnly;

    private int _seen;

    public override int Order => 100;

    private void Record(Event e)
    {
        Events.Add(e);
        if (e == CancelAt && _seen++ == CancelAfter && Cancel is not null) throw Cancel();
    }

    public override void BeforeFit() => Record(Event.BeforeFit);
    public override void BeforeEpoch() => Record(Event.BeforeEpoch);
    public override void BeforeTrain() => Record(Event.BeforeTrain);
    public override void BeforeBatch() => Record(Event.BeforeBatch);
    public override void AfterPred() => Record(Event.AfterPred);
    public override void AfterLoss() => Record(Event.AfterLoss);
    public override void BeforeBackward() => Record(Event.BeforeBackward);
    public override void AfterCancelBackward() => Record(Event.AfterCancelBackward);
    public override void AfterBackward() => Record(Event.AfterBackward);
    public override void BeforeStep() => Record(Event.BeforeStep);
    public override void AfterCancelStep() => Record(Event.AfterCancelStep);
    public override void AfterStep() => Record(Event.AfterStep);
    public override void BeforeZeroGrad() => Record(Event.BeforeZeroGrad);
    public override void AfterCancelZeroGrad() => Record(Event.AfterCancelZeroGrad);
    public override void AfterZeroGrad() => Record(Event.AfterZeroGrad);
    public override void AfterCancelBatch() => Record(Event.AfterCancelBatch);
    public override void AfterBatch() => Record(Event.AfterBatch);
    public override void AfterCancelTrain() => Record(Event.AfterCancelTrain);
    public override void AfterTrain() => Record(Event.AfterTrain);
    public override void BeforeValidate() => Record(Event.BeforeValidate);
    public override void AfterCancelValidate() => Record(Event.AfterCancelValidate);
    public override void AfterValidate() => Record(Event.AfterValidate);
    public override void AfterCancelEpoch() => Record(Event.AfterCancelEpoch);
    public override void AfterEpoch() => Record(Event.AfterEpoch);
    public override void AfterCancelFit() => Record(Event.AfterCancelFit);
    public override void AfterFit() => Record(Event.AfterFit);

    /// <summary>How many times Cleanup ran.</summary>
    public int Cleanups { get; private set; }

    public override void Cleanup() => Cleanups++;
}
