using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>fastai's ResizeToOrig: resizes a feature map (nearest neighbour) to the height and width of the network's input when they differ, so a
/// U-Net's output matches its input whatever the input's size.</summary>
public sealed class ResizeToOrig() : nn.Module<Tensor, Tensor, Tensor>(nameof(ResizeToOrig))
{
    /// <summary>x at orig's height and width.</summary>
    public override Tensor forward(Tensor x, Tensor orig)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(orig);
        return x.shape[^2] == orig.shape[^2] && x.shape[^1] == orig.shape[^1] ? x.alias()
            : nn.functional.interpolate(x, [orig.shape[^2], orig.shape[^1]], mode: InterpolationMode.Nearest);
    }
}
