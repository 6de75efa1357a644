using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's RNNDropout: in training, one dropout mask per sequence and feature, the same at every step (batch, 1, features), scaled by
/// 1/(1 − p).</summary>
/// <param name="p">The probability a feature is dropped.</param>
public sealed class RnnDropout(double p = 0.5) : nn.Module<Tensor, Tensor>(nameof(RnnDropout))
{
    /// <summary>The probability a feature is dropped.</summary>
    public double P { get; } = p is >= 0 and < 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "a dropout probability is in [0, 1)");

    /// <summary>x (batch, sequence, features) with a feature dropped for the whole sequence in training.</summary>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!training || P == 0) return x.alias();
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var mask = empty(x.shape[0], 1, x.shape[2], dtype: x.dtype, device: x.device).bernoulli_(1 - P).div_(scalars.Of(1 - P));
        return x.mul(mask).MoveToOuterDisposeScope();
    }
}
