using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's MixUp (Zhang et al., 2017): each training item is blended with another item of its batch, x = λ·x + (1 − λ)·x′, with λ drawn per
/// item from Beta(α, α) and the larger share kept (λ ≥ 0.5); the loss blends the two targets in the same proportion.</summary>
/// <param name="alpha">Beta's concentration; fastai's default 0.4.</param>
public sealed class MixUp(double alpha = 0.4) : MixHandler(alpha)
{
    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var (x, y) = (Learn.Batch!.X, Learn.Batch.Y);
        if (!x.is_floating_point()) throw new ArgumentException($"MixUp blends floating-point inputs, got {x.dtype} (normalise the batch first)");
        var bs = x.shape[0];
        var lam = Sample(bs, x.device);
        Lam = lam.maximum(lam.neg().add_(ScalarScope.One, ScalarScope.One));   // max(λ, 1 − λ)
        Shuffle = randperm(bs, device: x.device);
        Y1 = y.index_select(0, Shuffle);
        var weight = Lam.reshape([bs, .. Enumerable.Repeat(1L, (int)x.dim() - 1)]).to_type(x.dtype);
        SetBatch(x.index_select(0, Shuffle).lerp(x, weight), y);
    }
}
