using FastDays.Data;
using FastDays.Learning;
using FastDays.Metrics;
using FastDays.Vision.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Learning;

public class VisionLearnerTests
{
    private static readonly VisionArch Tiny = new("tiny",
        (nIn, _) => nn.Sequential(
            ("0", nn.Conv2d(nIn, 8, 3, stride: 2, padding: 1)), ("1", nn.BatchNorm2d(8)), ("2", nn.ReLU()),
            ("3", nn.Conv2d(8, 16, 3, stride: 2, padding: 1)), ("4", nn.BatchNorm2d(16)), ("5", nn.ReLU())),
        body => [[.. body.children().Take(3).SelectMany(m => m.parameters())], [.. body.children().Skip(3).SelectMany(m => m.parameters())]]);

    private static DataLoaders BrightestChannel(int n = 256)
    {
        // The class is the channel that is brightest on average: learnable in a few epochs.
        var gen = new Generator(1);
        var y = randint(0, 3, [n], generator: gen);
        var x = rand([n, 3, 16, 16], generator: gen) * 0.5;
        x += nn.functional.one_hot(y, 3).to_type(ScalarType.Float32).reshape(n, 3, 1, 1) * 0.5;
        return DataLoaders.FromTensors(x[..(n * 3 / 4)], y[..(n * 3 / 4)], x[(n * 3 / 4)..], y[(n * 3 / 4)..], 32, 0, ["r", "g", "b"]);
    }

    [Test]
    public void TheModelIsBodyThenFastaisHeadWithBodyAndHeadGroups()
    {
        manual_seed(0);
        var learn = VisionLearners.VisionLearner(BrightestChannel(), Tiny);
        var model = (Sequential)learn.Model;
        Assert.That(model.named_children().Select(c => c.name), Is.EqualTo(new[] { "0", "1" }));
        var head = (Sequential)model.named_children().Last().module;
        Assert.That(head.named_children().Select(c => c.module.GetName()),
            Is.EqualTo(new[] { "AdaptiveConcatPool2d", "Flatten", "BatchNorm1d", "Dropout", "Linear", "ReLU", "BatchNorm1d", "Dropout", "Linear" }));
        learn.CreateOpt();
        Assert.That(learn.Opt!.ParamGroups, Has.Count.EqualTo(3));
        Assert.That(VisionLearners.NumFeatures(model.named_children().First().module as Sequential ?? throw new InvalidOperationException(), 3),
            Is.EqualTo(16));
        using var xb = learn.Dls.OneBatch();
        learn.Model.eval();
        using var output = learn.Model.forward(xb.X);
        Assert.That(output.shape, Is.EqualTo(new long[] { 32, 3 }));
    }

    private sealed class CountingLearner(DataLoaders dls, nn.Module<Tensor, Tensor> model, VisionArch arch)
        : Learner(dls, model, new FastDays.Losses.CrossEntropyLossFlat(), splitter: VisionLearners.Splitter(arch))
    {
        public int Batches { get; private set; }

        protected override void DoOneBatch()
        {
            Batches++;
            base.DoOneBatch();
        }
    }

    [Test]
    public void ALearnerOfOneselfGetsTheVisionModelAndTheVisionLearnerExportsIt()
    {
        using var dir = new FastDays.Tests.Support.TempDirectory();
        manual_seed(0);
        var arch = VisionArch.SimpleCnn(8, 16);
        var dls = BrightestChannel();
        var own = new CountingLearner(dls, VisionLearners.CreateVisionModel(arch, 3), arch) { Spec = VisionLearners.Spec(arch, 3) };
        own.RemoveCbs(own.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        own.CreateOpt();
        Assert.That(own.Opt!.ParamGroups, Has.Count.EqualTo(3), "the body's two groups and the head");
        own.Fit(1, 1e-2);
        Assert.That(own.Batches, Is.EqualTo(dls.Train.Count + dls.Valid.Count));
        var learn = VisionLearners.VisionLearner(dls, arch, path: dir.Path);
        Assert.That(learn.Spec!.Args["arch"], Is.EqualTo("simple_cnn:8,16"));
        var export = learn.Export();
        var loaded = ExportExtensions.LoadLearner(export);
        using var xb = dls.OneBatch();
        learn.Model.eval();
        using (no_grad())
        using (var expected = learn.Model.forward(xb.X).softmax(-1))
        using (var actual = loaded.GetPreds(xb.X))
            Assert.That(actual.allclose(expected, rtol: 0, atol: 1e-6), Is.True, "the export rebuilds the same model");
        Assert.That(() => VisionArch.ByName("vgg16"), Throws.InstanceOf<KeyNotFoundException>().With.Message.Contains("vgg16"));
    }

    [Test]
    public void FineTuneTrainsTheHeadFrozenThenEverything()
    {
        manual_seed(0);
        var learn = VisionLearners.VisionLearner(BrightestChannel(), Tiny, metrics: [Metric.Accuracy()]);
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        var firstConv = ((Sequential)((Sequential)learn.Model).named_children().First().module).named_children().First().module;
        var w0 = firstConv.parameters().First().clone();
        var seen = new List<bool>();
        learn.FineTune(3, 1e-2, cbs: [new FrozenProbe(firstConv, seen)]);
        Assert.That(seen.First(), Is.False, "the first epoch trains with the body frozen");
        Assert.That(seen.Last(), Is.True, "then the whole model trains");
        Assert.That(firstConv.parameters().First().allclose(w0), Is.False);
        Assert.That(learn.Recorder.Last("accuracy"), Is.GreaterThan(0.9));
        Assert.That(learn.Opt!.ParamGroups.Select(g => g["lr"]).Last(), Is.LessThan(1e-2 / 2 / 5 + 1e-12),
            "the unfrozen cycle peaks at base_lr/2 and ends far below");
    }

    [TestCase(4, TestName = "FineTuneStoppedInItsFrozenPhaseResumesToTheSameWeights")]
    [TestCase(13, TestName = "FineTuneStoppedInItsSecondPhaseResumesToTheSameWeights")]
    public void FineTuneStoppedByCtrlCResumesToTheSameWeights(int stopAfter)
    {
        // 6 training batches an epoch: one frozen epoch, then two of everything.
        static Learner Create(string path)
        {
            manual_seed(0);
            var learn = VisionLearners.VisionLearner(BrightestChannel(), Tiny, metrics: [Metric.Accuracy()], path: path);
            learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
            return learn;
        }
        static float[] Weights(Learner learn) => [.. learn.Model.parameters().SelectMany(p => p.detach().data<float>().ToArray())];
        using var dir = new FastDays.Tests.Support.TempDirectory();
        var straight = Create(dir.File("straight"));
        straight.FineTune(2, 1e-2);

        var interrupt = new FastDays.Callbacks.InterruptCallback();
        var probe = new StopAfter(interrupt, stopAfter);
        var stopped = Create(dir.File("resumed"));
        stopped.FineTune(2, 1e-2, cbs: [probe, interrupt]);
        Assert.That(interrupt.SavedTo, Is.Not.Null);
        Assert.That(probe.Batches, Is.EqualTo(stopAfter), "Ctrl-C in the frozen phase stops the whole fine-tune");
        Assert.That(stopped.StopRequested, Is.True, "the interrupt asks every caller of Fit to stop, through the learner");

        var resumed = Create(dir.File("resumed")).Resume(interrupt.SavedTo!);
        Assert.That(resumed.Resuming!.FrozenGroups, Is.EqualTo(stopAfter < 6 ? 2 : 0), "the body's two groups are frozen in the first phase");
        resumed.FineTune(2, 1e-2);
        Assert.That(resumed.Recorder.Losses, Is.EqualTo(straight.Recorder.Losses), "the second phase's smoothed losses");
        Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)), "the final weights, bit for bit");
    }

    private sealed class StopAfter(FastDays.Callbacks.InterruptCallback interrupt, int batches) : Callback
    {
        public int Batches { get; private set; }
        public override void AfterBatch() { if (Learn.Training && ++Batches == batches) interrupt.RequestStop(); }
    }

    [Test]
    public void TtaWithoutAugmentationEqualsThePlainPredictions()
    {
        manual_seed(0);
        var learn = VisionLearners.VisionLearner(BrightestChannel(), Tiny);
        var (tta, targets) = learn.Tta(n: 2);
        var (plain, _) = learn.GetPreds();
        Assert.That(tta.shape, Is.EqualTo(plain.shape));
        Assert.That(tta.allclose(plain, rtol: 0, atol: 1e-6), Is.True);
        Assert.That(targets.shape[0], Is.EqualTo(64));
    }

    private sealed class FrozenProbe(nn.Module conv, List<bool> seen) : Callback
    {
        public override void BeforeEpoch() => seen.Add(conv.parameters().First().requires_grad);
    }
}
