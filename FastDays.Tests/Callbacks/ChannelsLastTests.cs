using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Modules;
using FastDays.Optimizers;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Callbacks;

public sealed class ChannelsLastTests
{
    private static Learner SmallCnn(string path)
    {
        // Whether an 8×8 image is bright or dark overall, with a convolution from one channel (the case whose strides are ambiguous). 16 channels:
        // with 8, oneDNN's contiguous input gradient is wrong on AVX-512 (ChannelsLastAlsoGivesTheRightInputGradientsOfNarrowConvolutions).
        manual_seed(0);
        var brightness = rand(512, 1, 1, 1);
        var x = rand(512, 1, 8, 8).mul(brightness);
        var y = brightness.reshape(-1).gt(tensor(0.5f)).to_type(ScalarType.Int64);
        var dls = DataLoaders.FromTensors(x[..384], y[..384], x[384..], y[384..], 32, 0, ["dark", "bright"]);
        var model = nn.Sequential(("conv", nn.Conv2d(1, 16, 3, padding: 1)), ("bn", new BatchNormLayer(16)), ("relu", nn.ReLU()),
            ("conv2", nn.Conv2d(16, 16, 3, padding: 1)), ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(16, 2)));
        var learn = new Learner(dls, model, new CrossEntropyLossFlat(), OptFuncs.Adam(), 1e-2, metrics: [Metric.Accuracy()], path: path);
        learn.RemoveCbs(learn.Cbs.OfType<ProgressCallback>().ToList());
        return learn;
    }

    [Test]
    public void AChannelsLastLearnerTrainsLikeTheContiguousOneAndSavesStandardLayouts()
    {
        using var dir = new TempDirectory();
        var plain = SmallCnn(dir.File("plain"));
        var cl = SmallCnn(dir.File("cl")).ToChannelsLast();
        Assert.That(cl.Cbs.OfType<ChannelsLast>().Count(), Is.EqualTo(1));
        Assert.That(cl.ToChannelsLast().Cbs.OfType<ChannelsLast>().Count(), Is.EqualTo(1), "added once");
        plain.FitOneCycle(3, 1e-2);
        cl.FitOneCycle(3, 1e-2);
        var (lossesPlain, lossesCl) = (plain.Recorder.Losses, cl.Recorder.Losses);
        Assert.That(lossesCl, Has.Count.EqualTo(lossesPlain.Count));
        Assert.That(lossesCl[0], Is.EqualTo(lossesPlain[0]).Within(1e-4).Percent, "the same first batch: only the order of float sums differs");
        for (var i = 0; i < lossesPlain.Count; i++)
            Assert.That(lossesCl[i], Is.EqualTo(lossesPlain[i]).Within(0.5).Percent, $"batch {i}: rounding differences grow, slowly");
        Assert.That(cl.Recorder.Last("accuracy"), Is.GreaterThan(0.9));
        Assert.That(MemoryFormats.IsChannelsLast(cl.Model.get_parameter("conv2.weight")!), Is.True, "still channels-last after fitting");

        cl.Save("cl");
        var fresh = SmallCnn(dir.File("cl")).Load("cl");
        Assert.That(fresh.Model.get_parameter("conv2.weight")!.stride(), Is.EqualTo(new long[] { 144, 9, 3, 1 }), "a plain model loads it");
        using var scope = NewDisposeScope();
        var x = cl.Dls.Valid.OneBatch().X;
        cl.Model.eval();
        fresh.Model.eval();
        using (no_grad()) Assert.That(fresh.Model.forward(x).allclose(cl.Model.forward(x), rtol: 1e-4, atol: 1e-5), Is.True);

        cl.ToContiguous();
        Assert.That(cl.Cbs.OfType<ChannelsLast>(), Is.Empty);
        Assert.That(MemoryFormats.IsChannelsLast(cl.Model.get_parameter("conv2.weight")!), Is.False);
    }

    [TestCase(8, 8)]
    [TestCase(4, 4)]
    [TestCase(16, 8)]
    public void ChannelsLastAlsoGivesTheRightInputGradientsOfNarrowConvolutions(int cIn, int cOut)
    {
        // TorchSharp 0.107's oneDNN (3.7, jit:avx512_core backward_data) gives wrong and sometimes NaN input gradients for stride-1 3×3
        // convolutions with fewer than 16 output channels in contiguous (NCHW) memory on AVX-512 CPUs; its channels-last kernels are right.
        // Reference: the same convolution in float64, which libtorch computes without oneDNN.
        for (var trial = 0; trial < 10; trial++)
        {
            using var scope = NewDisposeScope();
            manual_seed(trial);
            var x = MemoryFormats.ToChannelsLast(randn(32, cIn, 12, 12)).requires_grad_(true);
            var w = MemoryFormats.ToChannelsLast(randn(cOut, cIn, 3, 3).mul(tensor(0.3f))).requires_grad_(true);
            var g = randn(32, cOut, 12, 12);
            nn.functional.conv2d(x, w, padding: [1, 1]).backward([g]);
            var reference = nn.functional.conv_transpose2d(g.to_type(ScalarType.Float64), w.detach().to_type(ScalarType.Float64).contiguous(), padding: [1, 1]);
            var error = x.grad!.to_type(ScalarType.Float64).sub(reference).abs().max().item<double>() / reference.abs().max().item<double>();
            Assert.That(error, Is.LessThan(1e-5), $"trial {trial}: relative error of the input gradient");
        }
    }
}
