using FastDays.Data;
using FastDays.Learning;
using FastDays.Onnx;
using FastDays.Tabular.Models;
using FastDays.Tests.Support;
using FastDays.Vision.Learning;
using FastDays.Vision.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Onnx;

/// <summary>Each architecture FastDays ships, written as ONNX and run by ONNX Runtime, gives what FastDays gives (GetPreds: normalisation,
/// model, activation) to 1e-5.</summary>
public sealed class OnnxExportTests
{
    // Batchnorm statistics and affine weights away from their initial 0/1, so that folding them wrongly shows.
    private static void Scramble(nn.Module model, int seed)
    {
        manual_seed(seed);
        using var noGrad = no_grad();
        foreach (var (_, m) in model.named_modules())
            if (m is BatchNorm bn)
            {
                bn.running_mean!.copy_(randn_like(bn.running_mean!) * 0.1);
                bn.running_var!.copy_(rand_like(bn.running_var!) + 0.5);
                bn.weight!.copy_(rand_like(bn.weight!) + 0.5);
                bn.bias!.copy_(randn_like(bn.bias!) * 0.1);
            }
        model.eval();
    }

    private static float[] Compare(InferenceLearner learn, Tensor x, string file)
    {
        learn.ExportOnnx(file);
        using var onnx = new OnnxModel(file);
        var (values, width) = onnx.Run(x);
        using var expected = learn.GetPreds(x);
        var reference = expected.contiguous().data<float>().ToArray();
        Assert.That(width, Is.EqualTo((int)(expected.numel() / expected.shape[0])));
        Assert.That(values, Is.EqualTo(reference).Within(1e-5), file);
        return values;
    }

    [TestCase("simple_cnn")]
    [TestCase("xresnet_small")]
    [TestCase("xresnet_small_silu")]
    [TestCase("xresnet18")]
    [TestCase("xresnet50")]
    [TestCase("resnet18")]
    [TestCase("resnet34")]
    [TestCase("resnet50")]
    public void AVisionModelRunsInOnnxRuntimeAsInFastDays(string arch)
    {
        using var dir = new TempDirectory();
        var (model, channels, size) = arch switch
        {
            "simple_cnn" => ((nn.Module<Tensor, Tensor>)SimpleCnn.Create(1, 10, 8, 16, 32), 1, 28),
            "xresnet_small" => (XResNet.Small(1, 10, [16, 32, 64, 128], [1, 1, 1]), 1, 28),
            "xresnet_small_silu" => (XResNet.Small(1, 10, [16, 32, 64], [1, 1], stemConvs: 2, actCls: "silu"), 1, 28),
            "xresnet18" => (XResNet.XResNet18(5, 3), 3, 64),
            "xresnet50" => (XResNet.XResNet50(5, 3), 3, 64),
            // vision_learner's model: the torchvision body and fastai's head (concat pooling, batchnorm, dropout, linear).
            _ => (nn.Sequential(("0", Body(arch)), ("1", FastDays.Vision.Learning.VisionHead.CreateHead(arch == "resnet50" ? 2048 : 512, 5))), 3, 64),
        };
        using (model)
        {
            Scramble(model, 1);
            var normalize = channels == 1 ? new Normalize([0.29], [0.35]) : Normalize.ImageNet();
            var vocab = Enumerable.Range(0, channels == 3 ? 5 : 10).Select(i => $"c{i}").ToList();
            var learn = new InferenceLearner(model, vocab, normalize, "softmax", CPU) { ItemShape = [channels, size, size] };
            manual_seed(2);
            using var x = rand(3, channels, size, size);
            var probs = Compare(learn, x, dir.File($"{arch}.onnx"));
            Assert.That(probs.Chunk(vocab.Count).Select(r => r.Sum()), Is.All.EqualTo(1).Within(1e-5), "the softmax is in the graph");
            using var onnx = new OnnxModel(dir.File($"{arch}.onnx"));
            Assert.That((onnx.Classes, onnx.InputShape), Is.EqualTo((vocab, new long[] { -1, channels, size, size })));
        }
    }

    private static Sequential Body(string arch) => arch switch
    {
        "resnet18" => FastDays.Vision.Models.ResNet.ResNet18(10).Body(),
        "resnet34" => FastDays.Vision.Models.ResNet.ResNet34(10).Body(),
        _ => FastDays.Vision.Models.ResNet.ResNet50(10).Body(),
    };

    [TestCase("resnet18", 64, 64, false)]
    [TestCase("resnet34", 60, 44, true)]
    public void AUnetRunsInOnnxRuntimeAsInFastDays(string arch, int height, int width, bool everyOption)
    {
        // Everything: a blurred upsampling, self-attention (its gamma made non-zero), a size the decoder must resize to, a y range; or segment's
        // defaults with the per-pixel softmax.
        using var dir = new TempDirectory();
        var options = everyOption ? new UnetOptions { Blur = true, SelfAttention = true, YRange = (-1, 1) } : new UnetOptions();
        using var model = UnetLearners.CreateUnetModel(VisionArch.ByName(arch), everyOption ? 1 : 4, (height, width), options: options);
        Scramble(model, 6);
        using (no_grad())
            foreach (var (_, p) in model.named_parameters().Where(n => n.name.EndsWith("gamma", StringComparison.Ordinal))) p.fill_(0.5);
        List<string> vocab = everyOption ? [] : ["a", "b", "c", "d"];
        var activation = everyOption ? "none" : InferenceLearner.SoftmaxAxis1;
        var learn = new InferenceLearner(model, vocab, Normalize.ImageNet(), activation, CPU) { ItemShape = [3, height, width] };
        manual_seed(7);
        using var x = rand(2, 3, height, width);
        // Forty-odd layers of float32 sums differ around the fifth decimal between any two engines (here up to 1.1e-5), so each is held to the
        // model's float64 result instead: ONNX Runtime and FastDays' float32 both within 1e-5 of it.
        var file = dir.File($"unet_{arch}.onnx");
        learn.ExportOnnx(file);
        using var onnx = new OnnxModel(file);
        var (values, _) = onnx.Run(x);
        using var float32 = learn.GetPreds(x);
        TorchSharp.ModuleExtensionMethods.to(model, ScalarType.Float64);
        using var x64 = x.to(ScalarType.Float64);
        using var truth64 = learn.GetPreds(x64);
        using var truth = truth64.to(ScalarType.Float32);
        Assert.That(values, Is.EqualTo(truth.data<float>().ToArray()).Within(1e-5), "ONNX Runtime against float64");
        Assert.That(float32.data<float>().ToArray(), Is.EqualTo(truth.data<float>().ToArray()).Within(1e-5), "FastDays against float64");
        Assert.That(values, Has.Length.EqualTo(2 * (everyOption ? 1 : 4) * height * width));
        if (everyOption) Assert.That(values, Is.All.InRange(-1f, 1f));
    }

    [Test]
    public void ATabularModelWithEmbeddingsAndAYRangeRunsInOnnxRuntimeAsInFastDays()
    {
        using var dir = new TempDirectory();
        using var model = new TabularModel([(5, 3), (12, 4)], 3, 1, [16, 8], yRange: (1, 9));
        Scramble(model, 3);
        var learn = new InferenceLearner(model, [], null, "none", CPU);
        manual_seed(4);
        using var codes = cat([randint(0, 5, [6, 1]), randint(0, 12, [6, 1])], 1).to_type(ScalarType.Float32);
        using var x = cat([codes, randn(6, 3)], 1);
        var values = Compare(learn, x, dir.File("tabular.onnx"));
        Assert.That(values, Is.All.InRange(1f, 9f));
    }

    [Test]
    public void AnImageFileThroughBatchInputAndOnnxRuntimeGetsThePredictionOfTheExport()
    {
        // The whole path a deployment takes: the file decoded and fitted as the export's items are, BatchInput's float pixels, ONNX Runtime.
        using var dir = new TempDirectory();
        using var model = SimpleCnn.Create(1, 4, 8, 16);
        Scramble(model, 5);
        var learn = new InferenceLearner(model, ["a", "b", "c", "d"], new Normalize([0.3], [0.4]), "softmax", CPU) { ItemShape = [1, 28, 28] };
        var file = dir.File("shoe.png");
        using (var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(40, 30, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque)))
        {
            for (var y = 0; y < 30; y++)
                for (var x = 0; x < 40; x++) bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)(x * 6), (byte)(x * 6), (byte)(x * 6)));
            using var stream = File.Create(file);
            bitmap.Encode(stream, SkiaSharp.SKEncodedImageFormat.Png, 100);
        }
        var expected = learn.Predict(file);
        learn.ExportOnnx(dir.File("cnn.onnx"));
        using var onnx = new OnnxModel(dir.File("cnn.onnx"));
        using var image = learn.Encode(file);
        using var input = learn.BatchInput([image]);
        Assert.That(input.max().item<float>(), Is.LessThanOrEqualTo(1f), "pixels in 0-1");
        var (values, _) = onnx.Run(input);
        Assert.That(values, Is.EqualTo(expected.Outputs).Within(1e-5));
    }

    [Test]
    public void ALayerOnnxCannotTakeHereIsNamed()
    {
        using var dir = new TempDirectory();
        using var model = nn.Sequential(("conv", nn.Conv2d(1, 4, 3, padding: 1)), ("act", nn.GELU()));
        var learn = new InferenceLearner(model, [], null, "none", CPU) { ItemShape = [1, 8, 8] };
        Assert.That(() => learn.ExportOnnx(dir.File("gelu.onnx")),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("model.act").And.Message.Contains("GELU"));
        Assert.That(File.Exists(dir.File("gelu.onnx")), Is.False, "nothing half-written");
    }
}
