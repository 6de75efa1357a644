using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>torchvision's BasicBlock (ResNet-18/34): two 3×3 convolutions with batchnorm and an identity or downsampling shortcut, under
/// torchvision's parameter names.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNormLayer bn1;
    private readonly ReLU relu;
    private readonly Conv2d conv2;
    private readonly BatchNormLayer bn2;
    private readonly Sequential? downsample;

    /// <summary>The output channels per input channel of the block's width (1 for BasicBlock).</summary>
    public const int Expansion = 1;

    /// <summary>A block from inplanes to planes channels with the given stride and optional shortcut projection.</summary>
    public BasicBlock(long inplanes, long planes, long stride = 1, Sequential? downsample = null) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = new BatchNormLayer(planes);
        relu = nn.ReLU(inplace: true);
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = new BatchNormLayer(planes);
        this.downsample = downsample;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var identity = downsample is null ? x : downsample.forward(x);
        var y = bn2.forward(conv2.forward(relu.forward(bn1.forward(conv1.forward(x)))));
        return relu.forward(y.add_(identity, ScalarScope.One)).MoveToOuterDisposeScope();
    }
}
