using FastDays.Data;
using FastDays.Learning;
using FastDays.Tests.Interop;
using FastDays.Tests.Support;
using FastDays.Vision.Learning;
using FastDays.Vision.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Learning;

public sealed class UnetLearnerTests
{
    // Masks whose code is the brightest channel of each pixel's quadrant: learnable by a small U-Net in a few steps.
    private static DataLoaders Quadrants(int n = 48)
    {
        var gen = new Generator(4);
        var codes = randint(0, 3, [n, 2, 2], generator: gen);
        var masks = codes.repeat_interleave(16, 1).repeat_interleave(16, 2);
        var x = rand([n, 3, 32, 32], generator: gen).mul(0.5).add(nn.functional.one_hot(masks, 3).permute(0, 3, 1, 2).to_type(ScalarType.Float32));
        return DataLoaders.FromTensors(x[..36], masks[..36], x[36..], masks[36..], 12, 0, ["r", "g", "b"]);
    }

    [NeedsPyTorch]
    [Test]
    public void TheEncoderTakesPyTorchWeightsAndStartsFrozenAndTheDecoderTrains()
    {
        manual_seed(0);
        var learn = UnetLearners.UnetLearner(Quadrants(), VisionArch.ResNet18, pretrained: WeightsFixtures.File("resnet18.pt"),
            metrics: [FastDays.Metrics.Metric.DiceMulti()]);
        var unet = (DynamicUnet)learn.Model;
        var conv1 = unet.Encoder.named_parameters().First(p => p.name == "conv1.weight").parameter;
        var expected = WeightsFixtures.Expected("resnet18")["conv1.weight"];
        Assert.That(conv1.to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray(), Is.EqualTo(expected.Values).Within(1e-6),
            "the encoder holds the PyTorch file's weights");
        Assert.That(learn.LossFunc, Is.TypeOf<FastDays.Losses.CrossEntropyLossFlat>().With.Property("Axis").EqualTo(1));
        learn.CreateOpt();
        Assert.That(learn.Opt!.ParamGroups, Has.Count.EqualTo(3), "the encoder's two groups, then the decoder");
        var encoder = unet.Encoder.named_parameters().ToList();
        Assert.That(encoder.Where(p => p.name.Contains("conv", StringComparison.Ordinal)).All(p => !p.parameter.requires_grad),
            "a pretrained encoder starts frozen");
        Assert.That(encoder.Single(p => p.name == "bn1.weight").parameter.requires_grad, "but its batchnorms train (fastai's train_bn)");
        using var noBar = learn.NoBar();
        learn.Fit(3, 1e-2);
        var losses = learn.Recorder.Values.Select(v => v[0]).ToList();
        Assert.That(losses[^1], Is.LessThan(losses[0]), $"the decoder learns (training losses by epoch: {string.Join(", ", losses)})");
        Assert.That(conv1.to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray(), Is.EqualTo(expected.Values).Within(1e-6),
            "and the frozen encoder does not move");
        learn.Unfreeze();
        Assert.That(unet.Encoder.parameters().All(p => p.requires_grad));
    }
}
