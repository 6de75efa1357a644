using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>torchvision's ResNet with its module and parameter names (conv1, bn1, layer1…layer4 of numbered blocks, fc), so PyTorch state dicts load
/// by name.</summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNormLayer bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    private ResNet(string name, bool bottleneck, int[] layers, int numClasses, int inChannels) : base(name)
    {
        var expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        long inplanes = 64;
        conv1 = nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = new BatchNormLayer(64);
        relu = nn.ReLU(inplace: true);
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        Sequential Stage(long planes, int blocks, long stride)
        {
            Sequential? down = stride != 1 || inplanes != planes * expansion
                ? nn.Sequential(("0", nn.Conv2d(inplanes, planes * expansion, 1, stride: stride, bias: false)), ("1", new BatchNormLayer(planes * expansion)))
                : null;
            var list = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (var i = 0; i < blocks; i++)
            {
                nn.Module<Tensor, Tensor> block = bottleneck
                    ? new Bottleneck(inplanes, planes, i == 0 ? stride : 1, i == 0 ? down : null)
                    : new BasicBlock(inplanes, planes, i == 0 ? stride : 1, i == 0 ? down : null);
                list.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
                inplanes = planes * expansion;
            }
            return nn.Sequential(list);
        }
        layer1 = Stage(64, layers[0], 1);
        layer2 = Stage(128, layers[1], 2);
        layer3 = Stage(256, layers[2], 2);
        layer4 = Stage(512, layers[3], 2);
        avgpool = nn.AdaptiveAvgPool2d([1, 1]);
        fc = nn.Linear(512 * expansion, numClasses);
        RegisterComponents();
        InitWeights();
    }

    /// <summary>ResNet-18 (BasicBlock, [2, 2, 2, 2]).</summary>
    public static ResNet ResNet18(int numClasses = 1000, int inChannels = 3) => new("resnet18", false, [2, 2, 2, 2], numClasses, inChannels);

    /// <summary>ResNet-34 (BasicBlock, [3, 4, 6, 3]).</summary>
    public static ResNet ResNet34(int numClasses = 1000, int inChannels = 3) => new("resnet34", false, [3, 4, 6, 3], numClasses, inChannels);

    /// <summary>ResNet-50 (Bottleneck, [3, 4, 6, 3]).</summary>
    public static ResNet ResNet50(int numClasses = 1000, int inChannels = 3) => new("resnet50", true, [3, 4, 6, 3], numClasses, inChannels);

    /// <summary>The body — everything before the pooling layer — as a Sequential sharing this network's modules (fastai's cut).</summary>
    public Sequential Body() => nn.Sequential(("conv1", conv1), ("bn1", bn1), ("relu", relu), ("maxpool", maxpool),
        ("layer1", layer1), ("layer2", layer2), ("layer3", layer3), ("layer4", layer4));

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        y = layer4.forward(layer3.forward(layer2.forward(layer1.forward(y))));
        return fc.forward(avgpool.forward(y).flatten(1)).MoveToOuterDisposeScope();
    }

    private void InitWeights()
    {
        using var noGrad = no_grad();
        foreach (var (_, m) in named_modules())
        {
            if (m is Conv2d conv) nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            else if (m is BatchNorm bn) { nn.init.ones_(bn.weight); nn.init.zeros_(bn.bias!); }
        }
    }
}
