using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's GradientAccumulation: sums gradients over batches and steps only once nAcc items have been seen, emulating a larger batch.</summary>
/// <remarks>A checkpoint saved between two steps keeps the items counted and the gradients summed so far, so a resumed fit steps where and as the
/// uninterrupted one does.</remarks>
public sealed class GradientAccumulation(int nAcc = 32) : Callback, IResumableTensors, IDisposable
{
    private const string CountKey = "count";
    private const string GradPrefix = "grad/";
    private long _count;
    private Dictionary<string, Tensor>? _pending;   // gradients summed before a stop, added to the first ones computed after the resume

    /// <inheritdoc />
    public override int Order => -20;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        if (Learn.Resuming is not null) return;
        _count = 0;
        DisposePending();
    }

    /// <inheritdoc />
    public override void AfterLoss()
    {
        if (!Learn.Training) return;
        // Scaled so the summed gradient is the mean over the accumulated items, as one large batch would give.
        using var scalars = new ScalarScope();
        Learn.LossGrad = Learn.LossGrad!.mul(scalars.Of(Learn.Batch!.Size / (double)nAcc));
    }

    /// <inheritdoc />
    public override void AfterBackward()
    {
        if (_pending is null) return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();   // frees the second handles the in-place additions return
        foreach (var (name, p) in Learn.Model.named_parameters())
            if (_pending.TryGetValue(name, out var saved) && p.grad is { } grad) grad.add_(saved, ScalarScope.One);
        DisposePending();
    }

    /// <inheritdoc />
    public override void BeforeStep()
    {
        _count += Learn.Batch!.Size;
        if (_count < nAcc) throw new CancelBatchException();
        _count = 0;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> SaveTensors()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [CountKey] = tensor(_count) };
        if (_count > 0)
            foreach (var (name, p) in Learn.Model.named_parameters())
                if (p.grad is { } grad) tensors[GradPrefix + name] = grad;
        return tensors;
    }

    /// <inheritdoc />
    public void LoadTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var count = tensors.TryGetValue(CountKey, out var c) && c.numel() == 1 ? c.to_type(ScalarType.Int64).item<long>() : -1;
        if (count < 0 || count >= nAcc) throw new ArgumentException($"'{CountKey}' must be one whole number from 0 to {nAcc - 1}");
        var parameters = Learn.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var (key, t) in tensors.Where(kv => kv.Key != CountKey))
        {
            var name = key.StartsWith(GradPrefix, StringComparison.Ordinal) ? key[GradPrefix.Length..]
                : throw new ArgumentException($"an unknown entry '{key}'");
            if (!parameters.TryGetValue(name, out var p)) throw new ArgumentException($"a gradient of '{name}', which the model does not have");
            if (!t.shape.SequenceEqual(p.shape))
                throw new ArgumentException($"the gradient of {name} has shape {Formats.Shape(t)}, the parameter's {Formats.Shape(p)}");
        }
        DisposePending();
        _count = count;
        _pending = tensors.Where(kv => kv.Key != CountKey).ToDictionary(kv => kv.Key[GradPrefix.Length..], kv => kv.Value.detach()
            .to(parameters[kv.Key[GradPrefix.Length..]].device).clone().DetachFromDisposeScope(), StringComparer.Ordinal);
    }

    /// <summary>Frees the gradients kept for a resumed fit that never ran.</summary>
    public void Dispose() => DisposePending();

    private void DisposePending()
    {
        foreach (var t in _pending?.Values ?? Enumerable.Empty<Tensor>()) t.Dispose();
        _pending = null;
    }
}
