namespace FastDays.Learning;

/// <summary>The one table of the training loop's events: each event's callback method, whether it is batch-level (gated by RunTrain/RunValid, as
/// in fastai), its stage's cancel exception and its part in that stage. Dispatch, gating and WithEvents are derived from it.</summary>
internal static class EventTable
{
    /// <summary>Where an event stands in its stage: before its body, inside it, after a cancel of the stage, or after the stage.</summary>
    internal enum Part { Before, Inside, AfterCancel, After }

    /// <summary>One event: the callback method it calls, whether it is batch-level, its stage's cancel exception and its part in the stage.</summary>
    internal sealed record Row(Event Event, Action<Callback> Invoke, bool BatchLevel, Type Cancel, Part Part);

    private static readonly Row[] Rows =
    [
        new(Event.BeforeFit, c => c.BeforeFit(), false, typeof(CancelFitException), Part.Before),
        new(Event.BeforeEpoch, c => c.BeforeEpoch(), false, typeof(CancelEpochException), Part.Before),
        new(Event.BeforeTrain, c => c.BeforeTrain(), false, typeof(CancelTrainException), Part.Before),
        new(Event.BeforeBatch, c => c.BeforeBatch(), true, typeof(CancelBatchException), Part.Before),
        new(Event.AfterPred, c => c.AfterPred(), true, typeof(CancelBatchException), Part.Inside),
        new(Event.AfterLoss, c => c.AfterLoss(), true, typeof(CancelBatchException), Part.Inside),
        new(Event.BeforeBackward, c => c.BeforeBackward(), true, typeof(CancelBackwardException), Part.Before),
        new(Event.AfterCancelBackward, c => c.AfterCancelBackward(), true, typeof(CancelBackwardException), Part.AfterCancel),
        new(Event.AfterBackward, c => c.AfterBackward(), true, typeof(CancelBackwardException), Part.After),
        new(Event.BeforeStep, c => c.BeforeStep(), true, typeof(CancelStepException), Part.Before),
        new(Event.AfterCancelStep, c => c.AfterCancelStep(), true, typeof(CancelStepException), Part.AfterCancel),
        new(Event.AfterStep, c => c.AfterStep(), true, typeof(CancelStepException), Part.After),
        new(Event.BeforeZeroGrad, c => c.BeforeZeroGrad(), true, typeof(CancelZeroGradException), Part.Before),
        new(Event.AfterCancelZeroGrad, c => c.AfterCancelZeroGrad(), true, typeof(CancelZeroGradException), Part.AfterCancel),
        new(Event.AfterZeroGrad, c => c.AfterZeroGrad(), true, typeof(CancelZeroGradException), Part.After),
        new(Event.AfterCancelBatch, c => c.AfterCancelBatch(), true, typeof(CancelBatchException), Part.AfterCancel),
        new(Event.AfterBatch, c => c.AfterBatch(), true, typeof(CancelBatchException), Part.After),
        new(Event.AfterCancelTrain, c => c.AfterCancelTrain(), false, typeof(CancelTrainException), Part.AfterCancel),
        new(Event.AfterTrain, c => c.AfterTrain(), false, typeof(CancelTrainException), Part.After),
        new(Event.BeforeValidate, c => c.BeforeValidate(), false, typeof(CancelValidException), Part.Before),
        new(Event.AfterCancelValidate, c => c.AfterCancelValidate(), false, typeof(CancelValidException), Part.AfterCancel),
        new(Event.AfterValidate, c => c.AfterValidate(), false, typeof(CancelValidException), Part.After),
        new(Event.AfterCancelEpoch, c => c.AfterCancelEpoch(), false, typeof(CancelEpochException), Part.AfterCancel),
        new(Event.AfterEpoch, c => c.AfterEpoch(), false, typeof(CancelEpochException), Part.After),
        new(Event.AfterCancelFit, c => c.AfterCancelFit(), false, typeof(CancelFitException), Part.AfterCancel),
        new(Event.AfterFit, c => c.AfterFit(), false, typeof(CancelFitException), Part.After),
    ];

    /// <summary>The row of an event.</summary>
    public static Row Of(Event e) => (int)e >= 0 && (int)e < Rows.Length && Rows[(int)e].Event == e ? Rows[(int)e]
        : throw new ArgumentOutOfRangeException(nameof(e), e, "unknown event");

    /// <summary>Every event, in the table's (fastai's) order.</summary>
    public static IEnumerable<Event> All => Rows.Select(r => r.Event);

    /// <summary>The before, after-cancel and after events of the stage that TCancel cancels.</summary>
    public static (Event Before, Event AfterCancel, Event After) Stage<TCancel>() where TCancel : CancelException => StageOf<TCancel>.Events;

    private static class StageOf<TCancel>
    {
        public static readonly (Event, Event, Event) Events = (Find(Part.Before), Find(Part.AfterCancel), Find(Part.After));

        private static Event Find(Part part) => Rows.Single(r => r.Cancel == typeof(TCancel) && r.Part == part).Event;
    }
}
