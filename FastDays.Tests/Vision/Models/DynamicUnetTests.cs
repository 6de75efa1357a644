using FastDays.Vision.Learning;
using FastDays.Vision.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Models;

public sealed class DynamicUnetTests
{
    [TestCase("resnet18", 100, 75)]
    [TestCase("xresnet18", 37, 45)]
    [TestCase("resnet34", 64, 64)]
    public void TheOutputHasTheInputsHeightAndWidthForSizesThatAreNotMultiplesOf32(string arch, int height, int width)
    {
        manual_seed(1);
        using var unet = new DynamicUnet(VisionArch.ByName(arch).CreateBody(3, null), 5, (64, 64));
        // Garbage in the memory the convolutions get: what made the last ResBlock's contiguous 99-channel convolutions non-finite.
        FastDays.Tests.Modules.MemoryFormatsTests.DirtyTheAllocator();
        using var scope = NewDisposeScope();
        var x = randn(2, 3, height, width);
        var y = unet.forward(x);
        Assert.That(y.shape, Is.EqualTo(new long[] { 2, 5, height, width }));
        Assert.That(y.isfinite().all().item<bool>(), "a finite output");
        y.mean().backward();
        var first = unet.Encoder.parameters().First();
        Assert.That(first.grad, Is.Not.Null, "gradients reach the encoder's first layer");
        var nonFinite = unet.named_parameters().Where(p => p.parameter.grad is { } g && !g.isfinite().all().item<bool>()).Select(p => p.name).ToList();
        Assert.That(nonFinite, Is.Empty, "parameters whose gradient is not finite");
        Assert.That(first.grad!.abs().sum().item<float>(), Is.GreaterThan(0));
    }

    [Test]
    public void TheHookedLayersAreTheOnesAfterWhichTheMapsShrink()
    {
        // A ResNet body at 64 px: conv1 32, bn1 32, relu 32, maxpool 16, layer1 16, layer2 8, layer3 4, layer4 2.
        long[][] sizes = [.. new long[] { 32, 32, 32, 16, 16, 8, 4, 2 }.Select(s => new long[] { 1, 64, s, s })];
        Assert.That(DynamicUnet.SizeChangeIndices(sizes), Is.EqualTo(new[] { 2, 4, 5, 6 }));
    }

    [Test]
    public void IcnrGivesEveryGroupOfFourOutputChannelsOneKernel()
    {
        var w = PixelShuffleIcnr.IcnrInit([8, 3, 1, 1]);
        Assert.That(w[0].allclose(w[3], 0, 0) && w[4].allclose(w[7], 0, 0) && !w[0].allclose(w[4], 0, 0));
        // So the pixel shuffle of a fresh layer starts as nearest-neighbour upsampling: each 2×2 block is one value.
        using var up = PixelShuffleIcnr.Create(3, 2);
        var y = up.forward(randn(1, 3, 4, 4));
        Assert.That(y.shape, Is.EqualTo(new long[] { 1, 2, 8, 8 }));
        var even = y.index([TensorIndex.Ellipsis, TensorIndex.Slice(0, 8, 2), TensorIndex.Slice(0, 8, 2)]);
        var odd = y.index([TensorIndex.Ellipsis, TensorIndex.Slice(1, 8, 2), TensorIndex.Slice(1, 8, 2)]);
        Assert.That(even.allclose(odd, 0, 0));
    }
}
