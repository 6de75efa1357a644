using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>fastai's ResBlock for XResNet: a conv path (two 3×3, or 1×1-3×3-1×1 when expansion is 4) whose last batchnorm starts at zero, and an
/// identity path that average-pools before a 1×1 projection.</summary>
public sealed class ResBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential convpath;
    private readonly Sequential idpath;
    private readonly nn.Module<Tensor, Tensor> act;

    /// <summary>A block from ni·expansion to nf·expansion channels with the given stride and activation (XResNet.Activation's names).</summary>
    public ResBlock(int expansion, long ni, long nf, long stride = 1, string actCls = "relu") : base(nameof(ResBlock))
    {
        var (nh, nOut, nIn) = (nf, nf * expansion, ni * expansion);
        convpath = expansion == 1
            ? nn.Sequential(("0", XResNet.ConvLayer(nIn, nh, 3, stride, actCls: actCls)), ("1", XResNet.ConvLayer(nh, nOut, 3, zeroBn: true, act: false)))
            : nn.Sequential(("0", XResNet.ConvLayer(nIn, nh, 1, actCls: actCls)), ("1", XResNet.ConvLayer(nh, nh, 3, stride, actCls: actCls)),
                ("2", XResNet.ConvLayer(nh, nOut, 1, zeroBn: true, act: false)));
        var id = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (stride != 1) id.Add(("0", nn.AvgPool2d(stride, ceil_mode: true)));
        if (nIn != nOut) id.Add((id.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), XResNet.ConvLayer(nIn, nOut, 1, act: false)));
        idpath = nn.Sequential(id);
        act = XResNet.Activation(actCls);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return act.forward(convpath.forward(x).add_(idpath.forward(x), ScalarScope.One)).MoveToOuterDisposeScope();
    }
}
