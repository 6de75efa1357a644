using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's TerminateOnNaNCallback: stops training once a training loss is NaN or infinite, naming the epoch and batch where it first was.</summary>
/// <remarks>The losses stay on the device and are read every CheckEvery batches and at the end of each epoch, so the callback adds no host
/// synchronisation per batch; training stops at that check, at most CheckEvery − 1 batches after the first bad loss.</remarks>
public sealed class TerminateOnNaNCallback : Callback
{
    private readonly List<(int Epoch, int Iter, double Lr, Tensor Loss)> _pending = [];

    /// <inheritdoc />
    public override bool RunValid => false;

    /// <summary>How many training batches pass between two reads of their losses.</summary>
    public int CheckEvery { get; init; } = 16;

    /// <summary>Why training was stopped, or null when it was not.</summary>
    public string? Message { get; private set; }

    /// <inheritdoc />
    public override void BeforeFit() => Message = null;

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (Learn.Loss is null) return;
        _pending.Add((Learn.Epoch, Learn.Iter, Learn.Opt?.ParamGroups[^1]["lr"] ?? double.NaN, Learn.Loss.mean().DetachFromDisposeScope()));
        if (_pending.Count >= CheckEvery) Check();   // the rest of an epoch's losses are read in AfterTrain
    }

    /// <inheritdoc />
    public override void AfterTrain() => Check();

    /// <inheritdoc />
    public override void Cleanup() => Release();

    private void Check()
    {
        if (_pending.Count == 0) return;
        float[] losses;
        using (NewDisposeScope()) losses = stack(_pending.Select(p => p.Loss)).to_type(ScalarType.Float32).cpu().data<float>().ToArray();
        var first = Array.FindIndex(losses, l => !float.IsFinite(l));
        var bad = first >= 0 ? _pending[first] : default;
        Release();
        if (first < 0) return;
        Message = $"training stopped: the loss is {losses[first]} at epoch {bad.Epoch}, batch {bad.Iter} (lr {bad.Lr:G3})";
        Console.Error.WriteLine(Message);
        throw new CancelFitException();
    }

    private void Release()
    {
        foreach (var p in _pending) p.Loss.Dispose();
        _pending.Clear();
    }
}
