using FastDays.Interop;
using FastDays.Modules;
using FastDays.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Modules;

public sealed class MemoryFormatsTests
{
    private static Sequential ConvNet()
    {
        manual_seed(3);
        return nn.Sequential(("conv0", nn.Conv2d(1, 8, 3, padding: 1, bias: false)), ("bn0", new BatchNormLayer(8)), ("relu0", nn.ReLU()),
            ("conv1", nn.Conv2d(8, 16, 3, stride: 2, padding: 1)), ("bn1", new BatchNormLayer(16)), ("relu1", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(16, 3)));
    }

    [TestCase(2, 3, 4, 5)]
    [TestCase(2, 1, 4, 5)]   // one channel: NCHW and NHWC memory are the same, only the strides tell them apart
    [TestCase(1, 6, 1, 1)]
    public void ChannelsLastKeepsTheValuesAndHasNhwcStridesBothWays(int n, int c, int h, int w)
    {
        using var scope = NewDisposeScope();
        var t = arange(n * c * h * w, dtype: ScalarType.Float32).reshape(n, c, h, w);
        var cl = MemoryFormats.ToChannelsLast(t);
        Assert.That(cl.stride(), Is.EqualTo(new long[] { c * h * w, 1, w * c, c }));
        Assert.That(MemoryFormats.IsChannelsLast(cl), Is.True);
        Assert.That(cl.eq(t).all().item<bool>(), Is.True, "same values at the same indices");
        var back = MemoryFormats.ToContiguous(cl);
        Assert.That(back.stride(), Is.EqualTo(new long[] { c * h * w, h * w, w, 1 }));
        Assert.That(back.eq(t).all().item<bool>(), Is.True);
        if (c > 1) Assert.That(MemoryFormats.IsChannelsLast(t), Is.False);
    }

    [Test]
    public void SetMemoryFormatKeepsTheParameterObjectsAndTheLayersPassTheFormatOn()
    {
        using var scope = NewDisposeScope();
        var model = ConvNet();
        model.train();
        var before = model.parameters().ToList();
        var x = randn(4, 1, 12, 12);
        var reference = model.forward(x).detach().clone();
        var stem = nn.Sequential(model.named_children().Take(3).Select(c => (c.name, (nn.Module<Tensor, Tensor>)c.module)));
        Assert.That(MemoryFormats.IsChannelsLast(stem.forward(x)), Is.False, "contiguous weights: NCHW activations");

        Assert.That(MemoryFormats.SetMemoryFormat(model, channelsLast: true), Is.EqualTo(2), "the two conv weights");
        Assert.That(model.parameters().Zip(before, ReferenceEquals).All(same => same), Is.True, "an optimizer over them keeps working");
        Assert.That(MemoryFormats.IsChannelsLast(model.get_parameter("conv0.weight")!), Is.True);
        Assert.That(MemoryFormats.IsChannelsLast(stem.forward(x)), Is.True, "libtorch carries the weights' format to conv, batchnorm and ReLU outputs");
        Assert.That(model.forward(x).allclose(reference, rtol: 1e-4, atol: 1e-5), Is.True);
        Assert.That(MemoryFormats.SetMemoryFormat(model, channelsLast: true), Is.Zero, "already channels-last");

        Assert.That(MemoryFormats.SetMemoryFormat(model, channelsLast: false), Is.EqualTo(2));
        Assert.That(model.get_parameter("conv0.weight")!.stride(), Is.EqualTo(new long[] { 9, 9, 3, 1 }));
        Assert.That(model.forward(x).allclose(reference, rtol: 1e-4, atol: 1e-5), Is.True);
    }

    [Test]
    [NeedsPyTorch]
    public void WeightsOfAChannelsLastModelLoadInPyTorchWithTheirValuesInPlace()
    {
        // A position-weighted checksum per tensor: a layout mix-up would keep a plain sum but not this one.
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var model = ConvNet();
        MemoryFormats.SetMemoryFormat(model, channelsLast: true);
        var file = model.SavePyTorchWeights(dir.File("cl.pt"));
        var script = "import sys, torch\n" +
                     "for k, v in torch.load(sys.argv[1], weights_only=True).items():\n" +
                     "    print(k, repr(float((v.double().flatten() * torch.arange(v.numel(), dtype=torch.float64)).sum())))\n";
        var sums = PythonFixtures.RunInline(script, file).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, t) in model.state_dict().Where(kv => kv.Value.is_floating_point()))
        {
            var expected = t.to_type(ScalarType.Float64).reshape(-1).mul(arange(t.numel(), dtype: ScalarType.Float64)).sum().item<double>();
            Assert.That(sums[name], Is.EqualTo(expected).Within(1e-9).Percent, name);
        }
        var back = WeightsFile.ReadStateDict(file);
        Assert.That(back["conv1.weight"].eq(model.get_parameter("conv1.weight")!).all().item<bool>(), Is.True, "FastDays reads it back too");
    }
}
