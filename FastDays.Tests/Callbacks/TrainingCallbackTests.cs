using FastDays.Callbacks;
using FastDays.Learning;
using FastDays.Tests.Support;

namespace FastDays.Tests.Callbacks;

public class TrainingCallbackTests
{
    [Test]
    public void GradientClipBoundsTheGradientNorm()
    {
        var norms = new List<double>();
        var clip = new GradientClip(maxNorm: 0.1);
        var learn = SynthLearner.Create(cbs: [clip, new NormProbe(norms)]);
        learn.Fit(1);
        Assert.That(clip.LastNorm, Is.GreaterThan(0.1), "unclipped gradients are larger than the bound");
        Assert.That(norms, Is.All.LessThanOrEqualTo(0.1 + 1e-6));
    }

    [Test]
    public void GradientAccumulationMatchesOneBigBatch()
    {
        // 4 batches of 16 accumulated = one step per 64 items: the same SGD trajectory as batches of 64
        // (the shuffled order depends only on the seed, so the same 64 items make up each step).
        var small = SynthLearner.Create(nTrain: 8, bs: 16, lr: 0.1, cbs: [new GradientAccumulation(64)], seed: 1);
        var big = SynthLearner.Create(nTrain: 2, bs: 64, lr: 0.1, seed: 1);
        small.Fit(2);
        big.Fit(2);
        var (a, b) = ((RegModel)small.Model, (RegModel)big.Model);
        Assert.That(a.A, Is.EqualTo(b.A).Within(1e-6));
        Assert.That(a.B, Is.EqualTo(b.B).Within(1e-6));
        Assert.That(a.A, Is.Not.EqualTo(0), "the model did train");
    }

    [Test]
    public void CsvLoggerWritesOneRowPerEpoch()
    {
        using var dir = new TempDirectory();
        var learn = SynthLearner.Create(cbs: [new CsvLogger()], path: dir.Path, metrics: [FastDays.Metrics.Metric.Mse()]);
        learn.Fit(3);
        var rows = CsvLogger.Read(Path.Combine(dir.Path, "history.csv"));
        Assert.That(rows, Has.Count.EqualTo(3));
        Assert.That(rows[2].Keys, Is.EqualTo(new[] { "epoch", "train_loss", "valid_loss", "mse", "time" }));
        Assert.That(double.Parse(rows[2]["valid_loss"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(learn.Recorder.Values[2][1]));
    }

    [Test]
    public void CsvLoggerQuotesANameWithACommaAndReadsItBack()
    {
        using var dir = new TempDirectory();
        var odd = new FastDays.Metrics.AvgMetric("error, \"squared\"", (p, t) => (p - t).square().mean());
        var learn = SynthLearner.Create(cbs: [new CsvLogger()], path: dir.Path, metrics: [odd]);
        learn.Fit(1);
        var text = File.ReadAllText(Path.Combine(dir.Path, "history.csv"));
        Assert.That(text, Does.StartWith("epoch,train_loss,valid_loss,\"error, \"\"squared\"\"\",time"));
        var rows = CsvLogger.Read(Path.Combine(dir.Path, "history.csv"));
        Assert.That(rows[0].Keys, Does.Contain("error, \"squared\""));
    }

    [Test]
    public void TerminateOnNaNStopsAndNamesTheEpochAndBatch()
    {
        var nan = new TerminateOnNaNCallback();
        var learn = SynthLearner.Create(lr: 1e6, cbs: [nan]);   // diverges to inf/NaN within a few batches
        learn.Fit(5);
        Assert.That(nan.Message, Does.Match(@"at epoch 0, batch \d+"));
        Assert.That(learn.Recorder.Values, Is.Empty, "the fit ended in the first epoch, which has no row (as in fastai: no after_epoch)");
        Assert.That(learn.Epoch, Is.Zero);
    }

    [Test]
    public void TerminateOnNaNReadsTheLossesInGroupsAndNamesTheFirstBadBatch()
    {
        var nan = new TerminateOnNaNCallback { CheckEvery = 4 };
        var losses = new LossProbe();
        var learn = SynthLearner.Create(nTrain: 40, lr: 1e6, cbs: [losses, nan]);
        learn.Fit(1);
        var first = losses.Values.FindIndex(l => !float.IsFinite(l));
        Assert.That(first, Is.GreaterThanOrEqualTo(0), "the loss diverged");
        Assert.That(nan.Message, Does.Contain($"at epoch 0, batch {first} "));
        Assert.That(losses.Values, Has.Count.EqualTo((first / 4 + 1) * 4), "stopped at the check after the first bad batch");
    }

    private sealed class LossProbe : Callback
    {
        public List<float> Values { get; } = [];
        public override void AfterBatch() { if (Learn.Training && Learn.Loss is { } l) Values.Add(l.mean().item<float>()); }
    }

    [Test]
    public void InterruptSavesACheckpointThatLoads()
    {
        using var dir = new TempDirectory();
        var interrupt = new InterruptCallback();
        var learn = SynthLearner.Create(lr: 0.1, cbs: [interrupt, new StopAt(interrupt, epoch: 1, batch: 3)], path: dir.Path);
        learn.Fit(5);
        Assert.That(learn.Recorder.Values, Has.Count.EqualTo(1), "epoch 0 is whole; epoch 1, stopped at batch 3, has no row");
        Assert.That(learn.Recorder.Values.SelectMany(v => v), Has.All.Not.NaN);
        Assert.That(interrupt.SavedTo, Is.Not.Null.And.Exist);
        var weights = ((RegModel)learn.Model).A;
        var fresh = SynthLearner.Create(path: dir.Path);
        fresh.Load("interrupted");
        Assert.That(((RegModel)fresh.Model).A, Is.EqualTo(weights));
        Assert.That(fresh.Epoch, Is.EqualTo(1));
    }

    [Test]
    public void TensorBoardWritesEventFiles()
    {
        using var dir = new TempDirectory();
        SynthLearner.Create(cbs: [new TensorBoardCallback()], path: dir.Path).Fit(1);
        var files = Directory.GetFiles(Path.Combine(dir.Path, "runs"), "events.out.tfevents*", SearchOption.AllDirectories);
        Assert.That(files, Is.Not.Empty);
        Assert.That(new FileInfo(files[0]).Length, Is.GreaterThan(200), "scalars were written");
    }

    private sealed class NormProbe(List<double> norms) : Callback
    {
        public override int Order => 10;
        public override void BeforeStep() =>
            norms.Add(Math.Sqrt(Learn.Model.parameters().Sum(p => p.grad!.square().sum().item<float>())));
    }

    private sealed class StopAt(InterruptCallback interrupt, int epoch, int batch) : Callback
    {
        public override void BeforeBatch()
        {
            if (Learn.Training && Learn.Epoch == epoch && Learn.Iter == batch) interrupt.RequestStop();
        }
    }
}
