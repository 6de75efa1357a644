namespace FastDays.Learning;

/// <summary>The events of the training loop, in fastai's order and names.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Justification = "fastai's name (event); a VB keyword only")]
public enum Event
{
    /// <summary>Before the whole fit.</summary>
    BeforeFit,
    /// <summary>Before each epoch.</summary>
    BeforeEpoch,
    /// <summary>Before the training part of an epoch.</summary>
    BeforeTrain,
    /// <summary>Before each batch (training or validation).</summary>
    BeforeBatch,
    /// <summary>After the model's forward pass.</summary>
    AfterPred,
    /// <summary>After the loss is computed.</summary>
    AfterLoss,
    /// <summary>Before the backward pass.</summary>
    BeforeBackward,
    /// <summary>After a CancelBackwardException.</summary>
    AfterCancelBackward,
    /// <summary>After the backward pass.</summary>
    AfterBackward,
    /// <summary>Before the optimizer step.</summary>
    BeforeStep,
    /// <summary>After a CancelStepException.</summary>
    AfterCancelStep,
    /// <summary>After the optimizer step.</summary>
    AfterStep,
    /// <summary>Before the gradients are zeroed.</summary>
    BeforeZeroGrad,
    /// <summary>After a CancelZeroGradException.</summary>
    AfterCancelZeroGrad,
    /// <summary>After the gradients are zeroed.</summary>
    AfterZeroGrad,
    /// <summary>After a CancelBatchException.</summary>
    AfterCancelBatch,
    /// <summary>After each batch.</summary>
    AfterBatch,
    /// <summary>After a CancelTrainException.</summary>
    AfterCancelTrain,
    /// <summary>After the training part of an epoch.</summary>
    AfterTrain,
    /// <summary>Before the validation part of an epoch.</summary>
    BeforeValidate,
    /// <summary>After a CancelValidException.</summary>
    AfterCancelValidate,
    /// <summary>After the validation part of an epoch.</summary>
    AfterValidate,
    /// <summary>After a CancelEpochException.</summary>
    AfterCancelEpoch,
    /// <summary>After each epoch.</summary>
    AfterEpoch,
    /// <summary>After a CancelFitException.</summary>
    AfterCancelFit,
    /// <summary>After the whole fit.</summary>
    AfterFit,
}
