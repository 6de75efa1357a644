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

    /// <summary>Frees many tensors full of NaN, so that memory the allocator hands out next holds garbage, as it does deep into a test run.
    /// </summary>
    internal static void DirtyTheAllocator()
    {
        using var scope = NewDisposeScope();
        for (var k = 0; k < 400; k++) full(new long[] { (1 << (6 + (k % 14))) + (k * 7) }, float.NaN);
    }

    [TestCase(20, 20, 1)]
    [TestCase(99, 96, 1)]
    [TestCase(99, 99, 2)]
    public void GuardedConvolutionsOfWidthsOneDnnGetsWrongMatchFloat64(int cIn, int cOut, int stride)
    {
        // Contiguous, these convolutions were 19-27 % off on an AVX-512 CPU, and non-finite after DirtyTheAllocator (docs/benchmarks.md).
        manual_seed(0);
        using var model = nn.Sequential(("conv", nn.Conv2d(cIn, cOut, 3, stride: stride, padding: 1, bias: false)), ("point", nn.Conv2d(cOut, 8, 1)),
            ("narrow", nn.Conv2d(8, 8, 3, padding: 1)), ("wide", nn.Conv2d(96, 8, 3, padding: 1)));
        Assert.That(MemoryFormats.GuardConvolutions(model), Is.EqualTo(3),
            "the 3×3 convolution reading a width of 16+ that is not a multiple of 16, and the two stride-1 3×3 ones making fewer than 16 channels");
        var layers = model.named_children().ToDictionary(c => c.name, c => (Conv2d)c.module);
        Assert.That(MemoryFormats.IsChannelsLast(layers["conv"].weight!), Is.True);
        Assert.That(new[] { "narrow", "wide" }.Select(n => MemoryFormats.IsChannelsLast(layers[n].weight!)), Is.All.True);
        Assert.That(MemoryFormats.IsChannelsLast(layers["point"].weight!), Is.False, "a 1×1 convolution is right either way");
        for (var trial = 0; trial < 5; trial++)
        {
            DirtyTheAllocator();
            using var scope = NewDisposeScope();
            var x = randn(2, cIn, 50, 37);
            var y = layers["conv"].forward(x);
            var reference = nn.functional.conv2d(x.to_type(ScalarType.Float64), layers["conv"].weight!.to_type(ScalarType.Float64),
                strides: [stride, stride], padding: [1, 1]);
            var error = y.to_type(ScalarType.Float64).sub(reference).abs().max().item<double>() / reference.abs().max().item<double>();
            Assert.That(error, Is.LessThan(1e-5), $"trial {trial}: relative error against float64");
        }
    }

    [TestCase(8, 8)]
    [TestCase(4, 4)]
    [TestCase(16, 8)]
    [TestCase(3, 8)]
    [TestCase(1, 8)]
    public void GuardedNarrowConvolutionsGetTheRightInputGradientsFromAContiguousInput(int cIn, int cOut)
    {
        // Contiguous, oneDNN's input gradient of these stride-1 3×3 convolutions was wrong in every case and NaN in up to 12 of 20 trials on an
        // AVX-512 CPU (docs/benchmarks.md); the guard makes the weight channels-last and the input stays as the caller made it.
        manual_seed(1);
        using var model = nn.Sequential(("conv", nn.Conv2d(cIn, cOut, 3, padding: 1, bias: false)));
        var conv = (Conv2d)model.children().Single();
        Assert.That(MemoryFormats.GuardConvolutions(model), Is.EqualTo(1));
        for (var trial = 0; trial < 10; trial++)
        {
            DirtyTheAllocator();
            using var scope = NewDisposeScope();
            var x = randn(32, cIn, 28, 28).requires_grad_(true);
            var g = randn(32, cOut, 28, 28);
            conv.forward(x).backward([g]);
            var reference = nn.functional.conv_transpose2d(g.to_type(ScalarType.Float64), conv.weight!.detach().to_type(ScalarType.Float64).contiguous(),
                padding: [1, 1]);
            var error = x.grad!.to_type(ScalarType.Float64).sub(reference).abs().max().item<double>() / reference.abs().max().item<double>();
            Assert.That(error, Is.LessThan(1e-5), $"trial {trial}: relative error of the input gradient");
            conv.zero_grad();
        }
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
