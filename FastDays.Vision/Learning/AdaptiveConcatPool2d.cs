using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>fastai's AdaptiveConcatPool2d: adaptive max pooling and average pooling side by side, doubling the channels.</summary>
public sealed class AdaptiveConcatPool2d : nn.Module<Tensor, Tensor>
{
    private readonly AdaptiveMaxPool2d mp;
    private readonly AdaptiveAvgPool2d ap;

    /// <summary>Pools to size×size (1 by default) each way.</summary>
    public AdaptiveConcatPool2d(long size = 1) : base(nameof(AdaptiveConcatPool2d))
    {
        mp = nn.AdaptiveMaxPool2d([size, size]);
        ap = nn.AdaptiveAvgPool2d([size, size]);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => cat([mp.forward(x), ap.forward(x)], 1);
}
