using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's TerminateOnNaNCallback: stops training at the first NaN or infinite training loss, naming the epoch and batch.</summary>
public sealed class TerminateOnNaNCallback : Callback
{
    /// <inheritdoc />
    public override bool RunValid => false;

    /// <summary>Why training was stopped, or null when it was not.</summary>
    public string? Message { get; private set; }

    /// <inheritdoc />
    public override void BeforeFit() => Message = null;

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (Learn.Loss is null) return;
        var loss = Learn.Loss.mean().item<float>();
        if (float.IsFinite(loss)) return;
        Message = $"training stopped: the loss is {loss} at epoch {Learn.Epoch}, batch {Learn.Iter} (lr {Learn.Opt?.ParamGroups[^1]["lr"]:G3})";
        Console.Error.WriteLine(Message);
        throw new CancelFitException();
    }
}
