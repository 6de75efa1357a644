using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>torchvision's Bottleneck (ResNet-50, v1.5 with the stride on the 3×3 convolution): 1×1, 3×3, 1×1 convolutions expanding the width four
/// times.</summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNormLayer bn1;
    private readonly Conv2d conv2;
    private readonly BatchNormLayer bn2;
    private readonly Conv2d conv3;
    private readonly BatchNormLayer bn3;
    private readonly ReLU relu;
    private readonly Sequential? downsample;

    /// <summary>The output channels per unit of the block's width (4 for Bottleneck).</summary>
    public const int Expansion = 4;

    /// <summary>A block from inplanes to planes·4 channels with the given stride and optional shortcut projection.</summary>
    public Bottleneck(long inplanes, long planes, long stride = 1, Sequential? downsample = null) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inplanes, planes, 1, bias: false);
        bn1 = new BatchNormLayer(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = new BatchNormLayer(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = new BatchNormLayer(planes * Expansion);
        relu = nn.ReLU(inplace: true);
        this.downsample = downsample;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var identity = downsample is null ? x : downsample.forward(x);
        var y = relu.forward(bn1.forward(conv1.forward(x)));
        y = relu.forward(bn2.forward(conv2.forward(y)));
        y = bn3.forward(conv3.forward(y));
        return relu.forward(y.add_(identity, ScalarScope.One)).MoveToOuterDisposeScope();
    }
}
