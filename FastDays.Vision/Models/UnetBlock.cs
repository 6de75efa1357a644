using FastDays.Callbacks;
using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>fastai's UnetBlock: upsamples the decoder's features (PixelShuffle_ICNR to half the channels), concatenates the encoder's features kept by
/// a hook (through a batchnorm), and runs two convolutions (the second optionally followed by self-attention).</summary>
public sealed class UnetBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential shuf;
    private readonly BatchNormLayer bn;
    private readonly Sequential conv1;
    private readonly Sequential conv2;
    private readonly ReLU relu;
    private readonly Hook _hook;

    /// <summary>A block from upInC decoder channels and the xInC channels of the hooked encoder layer.</summary>
    /// <param name="upInC">The channels coming up the decoder.</param>
    /// <param name="xInC">The channels of the encoder layer the hook keeps.</param>
    /// <param name="hook">The hook keeping that layer's output (not detached, so gradients reach the encoder through the skip).</param>
    /// <param name="finalDiv">Whether the block keeps all its input channels (false: halves them).</param>
    /// <param name="blur">Whether the upsampling is blurred.</param>
    /// <param name="selfAttention">Whether self-attention follows the second convolution.</param>
    public UnetBlock(long upInC, long xInC, Hook hook, bool finalDiv = true, bool blur = false, bool selfAttention = false) : base(nameof(UnetBlock))
    {
        _hook = hook ?? throw new ArgumentNullException(nameof(hook));
        shuf = PixelShuffleIcnr.Create(upInC, upInC / 2, blur: blur);
        bn = new BatchNormLayer(xInC);
        var ni = upInC / 2 + xInC;
        var nf = finalDiv ? ni : ni / 2;
        conv1 = UnetLayers.ConvLayer(ni, nf);
        conv2 = UnetLayers.ConvLayer(nf, nf);
        if (selfAttention) conv2.append("2", new SelfAttention(nf));
        relu = nn.ReLU();
        OutChannels = nf;
        RegisterComponents();
    }

    /// <summary>The channels the block outputs.</summary>
    public long OutChannels { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var s = _hook.Stored ?? throw new InvalidOperationException("the U-Net block's hook kept nothing: run the encoder first");
        using var scope = NewDisposeScope();
        var up = shuf.forward(x);
        if (up.shape[^2] != s.shape[^2] || up.shape[^1] != s.shape[^1])
            up = nn.functional.interpolate(up, [s.shape[^2], s.shape[^1]], mode: InterpolationMode.Nearest);
        var joined = relu.forward(cat([up, bn.forward(s)], 1));
        return conv2.forward(conv1.forward(joined)).MoveToOuterDisposeScope();
    }
}
