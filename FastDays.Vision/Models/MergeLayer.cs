using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>fastai's MergeLayer with dense=True: the network's input concatenated to a feature map along the channels (a U-Net's last cross
/// connection).</summary>
public sealed class MergeLayer() : nn.Module<Tensor, Tensor, Tensor>(nameof(MergeLayer))
{
    /// <summary>cat([x, orig], 1).</summary>
    public override Tensor forward(Tensor x, Tensor orig) => cat([x, orig], 1);
}
