using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Modules;
using FastDays.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Learning;

public sealed class MixedPrecisionTests
{
    private static Learner SmallCnn(int seed = 0)
    {
        // Whether an 8×8 image is bright or dark overall: learnable in a few epochs by a conv + batchnorm + pooling + linear model.
        manual_seed(seed);
        var brightness = rand(512, 1, 1, 1);
        var x = rand(512, 1, 8, 8).mul(brightness);
        var y = brightness.reshape(-1).gt(tensor(0.5f)).to_type(ScalarType.Int64);
        var dls = DataLoaders.FromTensors(x[..384], y[..384], x[384..], y[384..], 32, seed, ["dark", "bright"]);
        var model = nn.Sequential(("conv", nn.Conv2d(1, 8, 3, padding: 1)), ("bn", new BatchNormLayer(8)), ("relu", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(8, 2)));
        var learn = new Learner(dls, model, new CrossEntropyLossFlat(), OptFuncs.Adam(), 1e-2, metrics: [Metric.Accuracy()]);
        learn.RemoveCbs(learn.Cbs.OfType<ProgressCallback>().ToList());
        return learn;
    }

    [Test]
    public void Bf16ComputesInBfloat16ButKeepsBatchnormMastersAndLossInFloat32()
    {
        var learn = SmallCnn().ToBf16();
        var model = (Sequential)learn.Model;
        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.That(named["conv.weight"].dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(named["fc.weight"].dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(named["bn.weight"].dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(model.named_buffers().Single(b => b.name == "bn.running_var").buffer.dtype, Is.EqualTo(ScalarType.Float32));
        learn.Fit(4);
        Assert.That(learn.Recorder.Last("accuracy"), Is.GreaterThan(0.9), "it learns");
        var (tensors, _) = learn.Opt!.StateDict();
        Assert.That(tensors.Where(kv => kv.Key.EndsWith(".master", StringComparison.Ordinal)).Select(kv => kv.Value.dtype).Distinct(),
            Is.EqualTo(new[] { ScalarType.Float32 }));
        Assert.That(tensors.Count(kv => kv.Key.EndsWith(".master", StringComparison.Ordinal)), Is.EqualTo(4),
            "conv and fc weights and biases; batchnorm needs none");
        var (preds, _) = learn.GetPreds();
        Assert.That(preds.dtype, Is.EqualTo(ScalarType.Float32));
        using var item = learn.Dls.Valid.Dataset.GetBatch([0]);
        Assert.That(learn.Predict(item.X[0]).Probs.Sum(), Is.EqualTo(1).Within(1e-3));
    }

    [Test]
    public void TheMasterWeightsTakeTheSameStepsAsFloat32WouldWithTheSameGradients()
    {
        // A bfloat16 parameter whose float32 master is updated: the master must equal a float32 parameter given the same gradients.
        manual_seed(1);
        var start = randn(20);
        var low = new Parameter(start.to_type(ScalarType.BFloat16));
        var full = new Parameter(low.detach().to_type(ScalarType.Float32).clone());
        var optLow = new FastDays.Optimizers.AdamOptimizer([low], 1e-2);
        var optFull = new FastDays.Optimizers.AdamOptimizer([full], 1e-2);
        for (var step = 0; step < 5; step++)
        {
            var grad = randn(20);
            low.grad = grad.to_type(ScalarType.BFloat16);
            full.grad = low.grad.to_type(ScalarType.Float32);
            optLow.Step();
            optFull.Step();
        }
        var master = optLow.StateDict().Tensors["0.0.master"];
        Assert.That(master.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(master.allclose(full, rtol: 0, atol: 1e-7), Is.True, "the master follows float32 arithmetic exactly");
        Assert.That(low.to_type(ScalarType.Float32).allclose(master.to_type(ScalarType.BFloat16).to_type(ScalarType.Float32)), Is.True,
            "the model holds the rounded master");
    }

    [Test]
    public void ToFp32GivesBackTheExactMasterWeights()
    {
        var learn = SmallCnn().ToBf16();
        learn.Fit(1);
        var masters = learn.Opt!.StateDict().Tensors.Where(kv => kv.Key.EndsWith(".master", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        learn.ToFp32();
        Assert.That(learn.Cb<MixedPrecision>(), Is.Null);
        var groups = learn.Splitter(learn.Model);
        foreach (var (key, master) in masters)
        {
            var parts = key.Split('.');
            var p = groups[int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)][int.Parse(parts[1],
                System.Globalization.CultureInfo.InvariantCulture)];
            Assert.That(p.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(p.allclose(master, rtol: 0, atol: 0), Is.True, key);
        }
        Assert.That(learn.Opt.StateDict().Tensors.Keys.Any(k => k.EndsWith(".master", StringComparison.Ordinal)), Is.False);
        learn.Fit(1);   // and trains on in float32
        Assert.That(learn.Recorder.Last("accuracy"), Is.GreaterThan(0.5));
    }

    [Test]
    public void Fp16SkipsTheStepsWhoseScaledGradientsOverflowAndHalvesTheScale()
    {
        var learn = SmallCnn().ToFp16(initScale: 1e12);   // far beyond float16's 65,504: the first steps must overflow
        var mixed = learn.Cb<MixedPrecision>()!;
        learn.Fit(3);
        Assert.That(mixed.SkippedSteps, Is.GreaterThan(0));
        Assert.That(mixed.LossScale, Is.LessThan(1e12).And.GreaterThan(1));
        Assert.That(mixed.LossScale, Is.EqualTo(1e12 / Math.Pow(2, mixed.SkippedSteps)), "one halving per skipped step (no growth within 2,000 steps)");
        Assert.That(learn.Recorder.Last("accuracy"), Is.GreaterThan(0.8), "the unskipped steps, unscaled, still train");
    }
}
