namespace FastDays.Learning;

/// <summary>The base of every callback: one empty virtual method per event, an Order, and access to the learner.</summary>
public abstract class Callback
{
    private Learner? _learn;

    /// <summary>Callbacks run in ascending Order (fastai: TrainEval 0, Recorder 50, ParamScheduler 60, Progress 70).</summary>
    public virtual int Order => 0;

    /// <summary>Whether the callback also runs during validation.</summary>
    public virtual bool RunValid => true;

    /// <summary>Whether the callback runs during training.</summary>
    public virtual bool RunTrain => true;

    /// <summary>The learner this callback is attached to.</summary>
    public Learner Learn
    {
        get => _learn ?? throw new InvalidOperationException($"{GetType().Name} is not attached to a learner");
        internal set => _learn = value;
    }

    /// <summary>The callback's name in snake case, as fastai names it (Recorder → recorder).</summary>
    public string Name =>
        System.Text.RegularExpressions.Regex.Replace(GetType().Name.Replace("Callback", "", StringComparison.Ordinal), "(?<=[a-z0-9])([A-Z])",
            "_$1").ToLowerInvariant();

    /// <summary>Called when the callback is added to a learner.</summary>
    public virtual void AfterCreate() { }

    /// <summary>Before the whole fit.</summary>
    public virtual void BeforeFit() { }

    /// <summary>Before each epoch.</summary>
    public virtual void BeforeEpoch() { }

    /// <summary>Before the training part of an epoch.</summary>
    public virtual void BeforeTrain() { }

    /// <summary>Before each batch.</summary>
    public virtual void BeforeBatch() { }

    /// <summary>After the forward pass.</summary>
    public virtual void AfterPred() { }

    /// <summary>After the loss is computed.</summary>
    public virtual void AfterLoss() { }

    /// <summary>Before the backward pass.</summary>
    public virtual void BeforeBackward() { }

    /// <summary>After a CancelBackwardException.</summary>
    public virtual void AfterCancelBackward() { }

    /// <summary>After the backward pass.</summary>
    public virtual void AfterBackward() { }

    /// <summary>Before the optimizer step.</summary>
    public virtual void BeforeStep() { }

    /// <summary>After a CancelStepException.</summary>
    public virtual void AfterCancelStep() { }

    /// <summary>After the optimizer step.</summary>
    public virtual void AfterStep() { }

    /// <summary>Before the gradients are zeroed.</summary>
    public virtual void BeforeZeroGrad() { }

    /// <summary>After a CancelZeroGradException.</summary>
    public virtual void AfterCancelZeroGrad() { }

    /// <summary>After the gradients are zeroed.</summary>
    public virtual void AfterZeroGrad() { }

    /// <summary>After a CancelBatchException.</summary>
    public virtual void AfterCancelBatch() { }

    /// <summary>After each batch.</summary>
    public virtual void AfterBatch() { }

    /// <summary>After a CancelTrainException.</summary>
    public virtual void AfterCancelTrain() { }

    /// <summary>After the training part of an epoch.</summary>
    public virtual void AfterTrain() { }

    /// <summary>Before the validation part of an epoch.</summary>
    public virtual void BeforeValidate() { }

    /// <summary>After a CancelValidException.</summary>
    public virtual void AfterCancelValidate() { }

    /// <summary>After the validation part of an epoch.</summary>
    public virtual void AfterValidate() { }

    /// <summary>After a CancelEpochException.</summary>
    public virtual void AfterCancelEpoch() { }

    /// <summary>After each epoch.</summary>
    public virtual void AfterEpoch() { }

    /// <summary>After a CancelFitException.</summary>
    public virtual void AfterCancelFit() { }

    /// <summary>After the whole fit.</summary>
    public virtual void AfterFit() { }

    /// <summary>Called once when a fit, or a validation pass outside a fit, ends — however it ends: after AfterFit, or in its place when an
    /// exception leaves the loop (no After… event runs for the stages an exception leaves, as in fastai). Release here what the callback holds
    /// (a live display, an open file, hooks, signal handlers, a swapped loss function).</summary>
    public virtual void Cleanup() { }

    /// <summary>Runs the method of an event.</summary>
    public void Invoke(Event e) => EventTable.Of(e).Invoke(this);
}
