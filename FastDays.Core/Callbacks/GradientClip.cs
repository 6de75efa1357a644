using FastDays.Learning;
using TorchSharp;

namespace FastDays.Callbacks;

/// <summary>fastai's GradientClip: clips the total norm of the gradients to maxNorm after each backward pass.</summary>
public sealed class GradientClip(double maxNorm = 1.0, double normType = 2.0) : Callback
{
    /// <summary>The total gradient norm before the last clipping.</summary>
    public double LastNorm { get; private set; }

    /// <inheritdoc />
    public override void AfterBackward()
    {
        var ps = Learn.Model.parameters().Where(p => p.requires_grad && p.grad is not null).ToList();
        if (ps.Count > 0) LastNorm = torch.nn.utils.clip_grad_norm_(ps, maxNorm, normType);
    }
}
