using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>fastai's XResNet (the "bag of tricks" ResNet): a three-convolution stem, ResBlocks with average-pooled shortcuts and zero-initialised
/// last batchnorms, numbered like fastai's so its state dicts load by name.</summary>
public static class XResNet
{
    /// <summary>xresnet18: expansion 1, [2, 2, 2, 2].</summary>
    public static Sequential XResNet18(int nOut = 1000, int cIn = 3, double p = 0) => Create(1, [2, 2, 2, 2], nOut, cIn, p);

    /// <summary>xresnet34: expansion 1, [3, 4, 6, 3].</summary>
    public static Sequential XResNet34(int nOut = 1000, int cIn = 3, double p = 0) => Create(1, [3, 4, 6, 3], nOut, cIn, p);

    /// <summary>xresnet50: expansion 4, [3, 4, 6, 3].</summary>
    public static Sequential XResNet50(int nOut = 1000, int cIn = 3, double p = 0) => Create(4, [3, 4, 6, 3], nOut, cIn, p);

    /// <summary>An XResNet for small images (28–32 px): a stem of stemConvs 3×3 convolutions at full resolution (no max-pool), then per further
    /// width a stage of blocks ResBlocks whose first halves the resolution, average pooling and a linear layer; actCls names the activation.</summary>
    public static Sequential Small(int cIn, int nOut, int[] widths, int[] blocks, int stemConvs = 1, string actCls = "relu")
    {
        if (!ActivationNames.Contains(actCls)) throw UnknownActivation(actCls);
        if (widths.Length < 2 || blocks.Length != widths.Length - 1 || blocks.Any(b => b < 1) || stemConvs < 1)
            throw new ArgumentException("XResNet.Small needs a stem width and one width per stage with as many block counts (≥ 1), and at least one " +
                $"stem convolution: widths {Formats.List(widths)}, blocks {Formats.List(blocks)}, stem convolutions {stemConvs}");
        // The first stem convolution keeps its name "stem", so state dicts of one-convolution stems load as before; the others follow it.
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("stem", ConvLayer(cIn, widths[0], 3, actCls: actCls)) };
        for (var i = 2; i <= stemConvs; i++) layers.Add(($"stem{i}", ConvLayer(widths[0], widths[0], 3, actCls: actCls)));
        long previous = widths[0];
        for (var s = 1; s < widths.Length; s++)
        {
            var stage = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (var b = 0; b < blocks[s - 1]; b++)
            {
                stage.Add((b.ToString(System.Globalization.CultureInfo.InvariantCulture), new ResBlock(1, previous, widths[s], b == 0 ? 2 : 1, actCls)));
                previous = widths[s];
            }
            layers.Add(($"stage{s}", nn.Sequential(stage)));
        }
        layers.Add(("pool", nn.AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("fc", nn.Linear(previous, nOut)));
        var model = nn.Sequential(layers);
        using (no_grad())
            foreach (var (_, m) in model.named_modules())
            {
                if (m is Conv2d conv) nn.init.kaiming_normal_(conv.weight!);
                else if (m is Linear linear) { nn.init.kaiming_normal_(linear.weight!); if (linear.bias is { } bias) nn.init.zeros_(bias); }
            }
        return model;
    }

    /// <summary>The names Activation takes.</summary>
    public static IReadOnlyList<string> ActivationNames { get; } = ["relu", "silu"];

    /// <summary>The activations XResNet's layers take by name, as fastai's act_cls: relu (the default) or silu. (TorchSharp's Mish leaves native
    /// Scalars to the finalizer in its forward, so it is not offered.)</summary>
    public static nn.Module<Tensor, Tensor> Activation(string actCls) => actCls switch
    {
        "relu" => nn.ReLU(inplace: true),
        "silu" => nn.SiLU(inplace: true),
        _ => throw UnknownActivation(actCls),
    };

    private static ArgumentException UnknownActivation(string actCls) =>
        new($"unknown activation '{Formats.Clip(actCls)}' ({string.Join(", ", ActivationNames)})", nameof(actCls));

    /// <summary>fastai's ConvLayer: convolution (padding ks/2, no bias), batchnorm (weights starting at zero when zeroBn), the activation actCls
    /// unless act is false.</summary>
    public static Sequential ConvLayer(long ni, long nf, long ks = 3, long stride = 1, bool zeroBn = false, bool act = true, string actCls = "relu")
    {
        var bn = new BatchNormLayer(nf);
        if (zeroBn) using (no_grad()) nn.init.zeros_(bn.weight);   // fastai zero-initialises the last batchnorm of a block
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("0", nn.Conv2d(ni, nf, ks, stride: stride, padding: ks / 2, bias: false)),
            ("1", bn),
        };
        if (act) layers.Add(("2", Activation(actCls)));
        return nn.Sequential(layers);
    }

    /// <summary>An XResNet of the given block expansion and number of blocks per stage.</summary>
    public static Sequential Create(int expansion, int[] layers, int nOut = 1000, int cIn = 3, double p = 0, long[]? stem = null)
    {
        long[] stemSizes = [cIn, .. stem ?? [32, 32, 64]];
        var modules = new List<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i < 3; i++) modules.Add(ConvLayer(stemSizes[i], stemSizes[i + 1], 3, i == 0 ? 2 : 1));
        modules.Add(nn.MaxPool2d(3, stride: 2, padding: 1));
        long[] sizes = [64 / expansion, 64, 128, 256, 512];
        for (var s = 0; s < layers.Length; s++)
        {
            var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (var b = 0; b < layers[s]; b++)
                blocks.Add((b.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new ResBlock(expansion, b == 0 ? sizes[s] : sizes[s + 1], sizes[s + 1], b == 0 && s > 0 ? 2 : 1)));
            modules.Add(nn.Sequential(blocks));
        }
        modules.Add(nn.AdaptiveAvgPool2d([1, 1]));
        modules.Add(nn.Flatten());
        modules.Add(nn.Dropout(p));
        modules.Add(nn.Linear(sizes[^1] * expansion, nOut));
        var model = nn.Sequential(modules.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m)));
        using (no_grad())
            foreach (var (_, m) in model.named_modules())
            {
                if (m is Conv2d conv) nn.init.kaiming_normal_(conv.weight!);
                else if (m is Linear linear) { nn.init.kaiming_normal_(linear.weight!); if (linear.bias is { } bias) nn.init.zeros_(bias); }
            }
        return model;
    }
}
