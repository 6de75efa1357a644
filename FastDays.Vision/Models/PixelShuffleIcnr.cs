using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>fastai's PixelShuffle_ICNR: upsampling by a 1×1 convolution to scale² times the channels and a pixel shuffle, the convolution initialised
/// with ICNR so that it starts as nearest-neighbour upsampling (no checkerboard); with blur, a replication pad and a 2×2 average pool smooth it.</summary>
public static class PixelShuffleIcnr
{
    /// <summary>The upsampling layer from ni to nf (ni when null) channels, scale times the height and width.</summary>
    public static Sequential Create(long ni, long? nf = null, int scale = 2, bool blur = false)
    {
        var outChannels = nf ?? ni;
        var conv = UnetLayers.ConvLayer(ni, outChannels * scale * scale, ks: 1);
        var weight = ((Conv2d)conv.children().First()).weight!;
        using (no_grad()) weight.copy_(IcnrInit(weight.shape, scale));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("0", conv), ("1", nn.PixelShuffle(scale)) };
        if (blur)
        {
            layers.Add(("2", nn.ReplicationPad2d((1, 0, 1, 0))));
            layers.Add(("3", nn.AvgPool2d(2, stride: 1)));
        }
        return nn.Sequential(layers);
    }

    /// <summary>fastai's icnr_init: kaiming-normal weights of shape (out, in, h, w) in which every group of scale² consecutive output channels — the
    /// ones a pixel shuffle spreads over one output pixel's block — shares one kernel.</summary>
    public static Tensor IcnrInit(long[] shape, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var group = scale * scale;
        if (shape.Length != 4 || shape[0] % group != 0)
            throw new ArgumentException($"ICNR needs (out, in, h, w) weights with out a multiple of {group}, got {Formats.List(shape)}", nameof(shape));
        using var scope = NewDisposeScope();
        var kernels = empty([shape[0] / group, shape[1], shape[2], shape[3]]);
        nn.init.kaiming_normal_(kernels);
        return kernels.repeat_interleave(group, 0).MoveToOuterDisposeScope();
    }
}
