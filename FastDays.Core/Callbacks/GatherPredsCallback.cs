using FastDays.Learning;
using FastDays.Losses;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>Collects the predictions and targets of a validation pass on the CPU (used by GetPreds).</summary>
public sealed class GatherPredsCallback(LossFunction lossFunc, bool raw) : Callback, IDisposable
{
    private readonly List<Tensor> _preds = [];
    private readonly List<Tensor> _targets = [];

    /// <inheritdoc />
    public override int Order => 45;

    /// <inheritdoc />
    public override bool RunTrain => false;

    /// <inheritdoc />
    public override void BeforeValidate() => Clear();

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (Learn.Pred is null) return;
        var pred = raw ? Learn.Pred.detach() : lossFunc.Activation(Learn.Pred.detach());
        _preds.Add(pred.cpu().clone().DetachFromDisposeScope());
        _targets.Add(Learn.Batch!.Y.cpu().clone().DetachFromDisposeScope());
    }

    /// <summary>The gathered predictions and targets concatenated along the batch dimension.</summary>
    public (Tensor Preds, Tensor Targets) Result()
    {
        if (_preds.Count == 0) throw new InvalidOperationException("no batches were gathered (is the loader empty?)");
        return (cat(_preds, 0), cat(_targets, 0));
    }

    /// <summary>Frees the gathered tensors.</summary>
    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var t in _preds.Concat(_targets)) t.Dispose();
        _preds.Clear();
        _targets.Clear();
    }
}
