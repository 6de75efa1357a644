using FastDays.Callbacks;
using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>fastai's DynamicUnet: any encoder (a Sequential body such as a cut ResNet or XResNet), hooks on the layers after which its feature maps
/// shrink, and a decoder of UnetBlocks that upsamples back through them, each joined with the hooked features; then upsampling to the input's size,
/// the input itself concatenated (last cross), a residual block and a 1×1 convolution to nOut channels, in fastai's order (layers.0 is the encoder,
/// so an encoder's PyTorch weights load into it before or after). The output always has the input's height and width.</summary>
public sealed class DynamicUnet : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module> layers;
    private readonly Hooks _hooks;

    /// <summary>Builds the decoder for an encoder, sizing it by a dummy pass of an image of imgSize.</summary>
    /// <param name="encoder">The encoder; its direct children are the layers hooked.</param>
    /// <param name="nOut">The output channels (the number of codes of a segmentation).</param>
    /// <param name="imgSize">The height and width the decoder is sized for (other sizes work, resized where needed).</param>
    /// <param name="nIn">The input channels.</param>
    /// <param name="blur">Whether the UnetBlocks' upsampling is blurred.</param>
    /// <param name="blurFinal">Whether the last UnetBlock's is too (when blur).</param>
    /// <param name="selfAttention">Whether the third UnetBlock from the end has self-attention.</param>
    /// <param name="yRange">A SigmoidRange on the output (regression maps), or null.</param>
    /// <param name="lastCross">Whether the input is concatenated before the last residual block.</param>
    /// <param name="bottle">Whether that residual block halves its channels inside.</param>
    public DynamicUnet(Sequential encoder, int nOut, (long Height, long Width) imgSize, int nIn = 3, bool blur = false, bool blurFinal = true,
        bool selfAttention = false, (double Low, double High)? yRange = null, bool lastCross = true, bool bottle = false) : base(nameof(DynamicUnet))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var children = encoder.children().Cast<nn.Module<Tensor, Tensor>>().ToList();
        var sizes = ModelHooks.ModelSizes(encoder, children, imgSize, nIn);
        var changes = SizeChangeIndices(sizes);
        if (changes.Count == 0) throw new ArgumentException("the encoder never shrinks its feature maps: a U-Net has nothing to skip over", nameof(encoder));
        _hooks = new Hooks(changes.Select(i => children[i]), (_, _, output) => output, detach: false);
        SkipIndices = changes;
        var ni = sizes[^1][1];
        var list = new List<nn.Module>
        {
            encoder, new BatchNormLayer(ni), nn.ReLU(),
            nn.Sequential(("0", UnetLayers.ConvLayer(ni, ni * 2)), ("1", UnetLayers.ConvLayer(ni * 2, ni))),
        };
        var channels = ni;
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            var notFinal = i != 0;
            var block = new UnetBlock(channels, sizes[changes[i]][1], _hooks[i], finalDiv: notFinal, blur: blur && (notFinal || blurFinal),
                selfAttention: selfAttention && i == 2);
            list.Add(block);
            channels = block.OutChannels;
        }
        // After the last block the maps have the first hooked layer's size; one more doubling when that is smaller than the first layer's output.
        if (sizes[changes[0]][^1] != imgSize.Width || sizes[changes[0]][^2] != imgSize.Height) list.Add(PixelShuffleIcnr.Create(channels));
        list.Add(new ResizeToOrig());
        if (lastCross)
        {
            list.Add(new MergeLayer());
            channels += nIn;
            list.Add(new ResBlock(1, channels, bottle ? channels / 2 : channels));
        }
        list.Add(UnetLayers.ConvLayer(channels, nOut, ks: 1, act: false));
        if (yRange is { } range) list.Add(new SigmoidRange(range.Low, range.High));
        layers = nn.ModuleList([.. list]);
        RegisterComponents();
        // The convolutions after the last cross connection read the decoder's channels plus the image's three (99 for a ResNet): a width oneDNN
        // computes wrongly in contiguous memory.
        MemoryFormats.GuardConvolutions(this);
    }

    /// <summary>The encoder (layers.0).</summary>
    public Sequential Encoder => (Sequential)layers[0];

    /// <summary>The indices of the encoder's children whose outputs the UnetBlocks join, deepest last (the last block reads the first).</summary>
    public IReadOnlyList<int> SkipIndices { get; }

    /// <summary>The indices of the encoder's children after which the feature maps shrink (fastai's _get_sz_change_idxs): the layers hooked.</summary>
    public static IReadOnlyList<int> SizeChangeIndices(IReadOnlyList<long[]> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return [.. Enumerable.Range(0, sizes.Count - 1).Where(i => sizes[i][^1] != sizes[i + 1][^1])];
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        try
        {
            var y = x;
            foreach (var layer in layers)
                y = layer switch
                {
                    nn.Module<Tensor, Tensor, Tensor> withInput => withInput.call(y, x),
                    nn.Module<Tensor, Tensor> plain => plain.call(y),
                    _ => throw new InvalidOperationException($"unexpected layer {layer.GetType().Name}"),
                };
            return y.MoveToOuterDisposeScope();
        }
        finally { _hooks.Clear(); }   // the skip features go with the pass that made them
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _hooks.Remove();
        base.Dispose(disposing);
    }
}
