using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>The convolutions of a U-Net's decoder, as fastai builds them with norm_type None: a biased convolution (padding ks/2), then a ReLU unless
/// act is false; weights kaiming-normal, biases zero.</summary>
internal static class UnetLayers
{
    /// <summary>fastai's ConvLayer(ni, nf, ks, norm_type=None): Sequential(conv, relu) named 0 and 1 as fastai's state dicts name them.</summary>
    public static Sequential ConvLayer(long ni, long nf, long ks = 3, bool act = true)
    {
        var conv = nn.Conv2d(ni, nf, ks, padding: ks / 2, bias: true);
        using (no_grad())
        {
            nn.init.kaiming_normal_(conv.weight!);
            nn.init.zeros_(conv.bias!);
        }
        return act ? nn.Sequential(("0", conv), ("1", nn.ReLU())) : nn.Sequential(("0", conv));
    }
}
