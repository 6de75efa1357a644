using System.IO.Compression;
using System.Text.Json;
using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Datasets;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Modules;
using FastDays.Tests.Support;
using FastDays.Vision.Transforms;
using TorchSharp;

using static TorchSharp.torch;

namespace FastDays.Tests.Learning;

/// <summary>A fit stopped at any point and resumed from its checkpoint gives the same per-batch losses and final weights as one never stopped.</summary>
[NonParallelizable]
public sealed class ResumeTests
{
    // A small CNN with dropout (torch's random state) on augmented data (random crop, flip, erasing: the loader's per-batch seeds).
    internal static Learner Create(string path)
    {
        manual_seed(3);
        var data = FashionMnist.LoadTiny();
        var x = data.Train.ImagesTensor()[..640];
        var y = data.Train.LabelsTensor()[..640];
        var norm = Normalize.FromStats(x);
        var dls = new DataLoaders(
            new TfmdDL(new TensorPairDataset(x, y), new DataLoaderOptions { BatchSize = 64, Shuffle = true, Seed = 5, Training = true, Prefetch = 2 },
                [norm, new RandomCrop(28, 2, 1), new Flip(0.5, 2), new RandomErasing(0.5, seed: 3)]),
            new TfmdDL(new TensorPairDataset(data.Test.ImagesTensor()[..200], data.Test.LabelsTensor()[..200]),
                new DataLoaderOptions { BatchSize = 100 }, [norm]),
            FashionMnist.Classes);
        var model = nn.Sequential(("conv", nn.Conv2d(1, 8, 3, stride: 2, padding: 1)), ("bn", new BatchNormLayer(8)), ("relu", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("drop", nn.Dropout(0.3)), ("fc", nn.Linear(8, 10)));
        var learn = new Learner(dls, model, new CrossEntropyLossFlat(0.1), metrics: [Metric.Accuracy()], path: path);
        learn.RemoveCbs(learn.Cbs.OfType<ProgressCallback>().ToList());
        return learn;
    }

    internal static float[] Weights(Learner learn) => [.. learn.Model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray())];

    internal sealed class StopAt(int trainIter, Event when) : Callback
    {
        public override int Order => 95;
        public override void AfterBatch() { if (when == Event.AfterBatch && Learn.Training && Learn.TrainIter == trainIter) Stop(); }
        public override void AfterEpoch() { if (when == Event.AfterEpoch && Learn.TrainIter == trainIter) Stop(); }
        private void Stop() { Learn.Save("stopped"); throw new CancelFitException(); }
    }

    [TestCase(13, Event.AfterBatch, TestName = "ResumesMidEpochBitForBit")]
    [TestCase(20, Event.AfterEpoch, TestName = "ResumesAtAnEpochBoundaryBitForBit")]
    public void ResumedFitEqualsTheUninterruptedOne(int stopAfter, Event when)
    {
        using var dir = new TempDirectory();
        var straight = Create(dir.File("straight"));
        straight.FitOneCycle(3, 1e-2);
        var expectedLosses = straight.Recorder.Losses.ToArray();

        var first = Create(dir.File("resumed"));
        first.FitOneCycle(3, 1e-2, cbs: [new StopAt(stopAfter, when)]);
        Assert.That(first.Recorder.Losses, Has.Count.EqualTo(stopAfter));

        // A new learner, as a new process would build it; other random draws in between must not matter.
        using (var noise = randn(1000)) { }
        var second = Create(dir.File("resumed"));
        second.Resume("stopped");
        second.FitOneCycle(3, 1e-2);
        Assert.That(second.Recorder.Losses, Is.EqualTo(expectedLosses), "every smoothed per-batch loss");
        Assert.That(second.Recorder.Values.Select(v => v.ToArray()), Is.EqualTo(straight.Recorder.Values.Select(v => v.ToArray())), "every epoch row");
        Assert.That(Weights(second), Is.EqualTo(Weights(straight)), "the final weights, bit for bit");
    }

    [Test]
    public void SaveModelEveryNBatchesWritesACheckpointThatResumesToTheSameEnd()
    {
        using var dir = new TempDirectory();
        var straight = Create(dir.File("straight"));
        straight.FitOneCycle(2, 1e-2);
        var saving = Create(dir.File("saving"));
        saving.FitOneCycle(2, 1e-2, cbs: [new SaveModelCallback(fname: "run", everyNBatches: 7), new StopAt(15, Event.AfterBatch)]);
        var resumed = Create(dir.File("saving")).Resume("run_last");
        Assert.That(resumed.Resuming!.TrainIter, Is.EqualTo(14), "the last multiple of 7 before the stop");
        resumed.FitOneCycle(2, 1e-2);
        Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)));
    }

    [Test]
    public void ResumeRefusesAFitOfAnotherLengthAndACheckpointWithoutOne()
    {
        using var dir = new TempDirectory();
        var learn = Create(dir.File("run"));
        learn.FitOneCycle(2, 1e-2, cbs: [new StopAt(5, Event.AfterBatch)]);
        var resumed = Create(dir.File("run")).Resume("stopped");
        Assert.That(() => resumed.FitOneCycle(3, 1e-2), Throws.ArgumentException.With.Message.Contains("fit of 2 epochs"));
        var reset = Create(dir.File("run")).Resume("stopped");
        Assert.That(() => reset.FitOneCycle(2, 1e-2, resetOpt: true), Throws.ArgumentException.With.Message.Contains("resetOpt would discard"));
        learn.Save("weights-only", withOpt: false);
        Assert.That(() => Create(dir.File("run")).Resume("weights-only"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no fit to resume"));
    }

    [TestCase("lr", "that began at learning rate 0.01; resume it with the same, not 0.02", TestName = "ResumeRefusesAnotherPeakLearningRate")]
    [TestCase("fit", "that scheduled lr, which this one does not", TestName = "ResumeRefusesAFitWithoutTheSchedule")]
    [TestCase("pct_start", "whose lr was", TestName = "ResumeRefusesAnotherWarmUp")]
    [TestCase("moms", "whose mom was 0.95 at 0 %", TestName = "ResumeRefusesOtherMomentums")]
    [TestCase("flat_cos", "that scheduled mom, which this one does not", TestName = "ResumeRefusesAnotherKindOfSchedule")]
    [TestCase("wd", "with weight decay 0.01; resume it with the same, not 0.1", TestName = "ResumeRefusesAnotherWeightDecay")]
    public void AResumedFitMustFollowTheSavedOnesSchedule(string change, string message)
    {
        using var dir = new TempDirectory();
        Create(dir.File("run")).FitOneCycle(2, 1e-2, wd: 0.01, cbs: [new StopAt(5, Event.AfterBatch)]);
        Action<Learner> resume = change switch
        {
            "lr" => l => l.FitOneCycle(2, 2e-2, wd: 0.01),
            "pct_start" => l => l.FitOneCycle(2, 1e-2, pctStart: 0.5, wd: 0.01),
            "moms" => l => l.FitOneCycle(2, 1e-2, wd: 0.01, moms: (0.9, 0.8, 0.9)),
            "flat_cos" => l => l.FitFlatCos(2, 1e-2, wd: 0.01),
            "fit" => l => l.Fit(2, 1e-2, wd: 0.01),
            _ => l => l.FitOneCycle(2, 1e-2, wd: 0.1),
        };
        var refused = Create(dir.File("run")).Resume("stopped");
        var before = Weights(refused);
        Assert.That(() => resume(refused), Throws.ArgumentException.With.Message.Contains(message));
        Assert.That(Weights(refused), Is.EqualTo(before), "refused before a step");
        var same = Create(dir.File("run")).Resume("stopped");
        Assert.That(() => same.FitOneCycle(2, 1e-2, wd: 0.01), Throws.Nothing, "the same schedule resumes");
    }

    // Trackers passed to the fit: the best model by valid_loss (only epoch 0 counts as better: minDelta 10) and by accuracy (two callbacks of one
    // type), the learning rate divided by 10 after every epoch without improvement, and a stop after four such epochs.
    private static Callback[] Trackers() =>
    [
        new SaveModelCallback(minDelta: 10, fname: "best"), new SaveModelCallback(monitor: "accuracy", fname: "best_accuracy"),
        new ReduceLrOnPlateau(minDelta: 10, patience: 1), new EarlyStoppingCallback(minDelta: 10, patience: 4),
    ];

    [Test]
    public void TrackersPassedToTheFitResumeWithWhatTheStoppedFitHadSeen()
    {
        using var dir = new TempDirectory();
        var straightCbs = Trackers();
        var straight = Create(dir.File("straight"));
        straight.Fit(6, 1e-2, cbs: straightCbs);
        var stopped = Create(dir.File("resumed"));
        stopped.Fit(6, 1e-2, cbs: [.. Trackers(), new StopAt(30, Event.AfterEpoch)]);   // after epoch 2: two reductions, early stopping's wait 2
        var resumedCbs = Trackers();
        var resumed = Create(dir.File("resumed")).Resume("stopped");
        resumed.Fit(6, 1e-2, cbs: resumedCbs);

        Assert.That(((EarlyStoppingCallback)resumedCbs[3]).StoppedEpoch, Is.EqualTo(4).And.EqualTo(((EarlyStoppingCallback)straightCbs[3]).StoppedEpoch),
            "stopped after the same four epochs without improvement, two of them before the interruption");
        Assert.That(resumed.Recorder.Lrs, Is.EqualTo(straight.Recorder.Lrs), "the reductions before the stop carry on");
        Assert.That(resumed.Recorder.Lrs.Distinct().Count(), Is.EqualTo(4), "1e-2, then three reductions (epochs 1-3; epoch 4 stops first)");
        Assert.That(resumed.Recorder.Losses, Is.EqualTo(straight.Recorder.Losses));
        for (var i = 0; i < 2; i++)
            Assert.That(((SaveModelCallback)resumedCbs[i]).BestEpoch, Is.EqualTo(((SaveModelCallback)straightCbs[i]).BestEpoch), $"tracker {i}");
        Assert.That(((SaveModelCallback)resumedCbs[0]).BestEpoch, Is.Zero);
        Assert.That(Weights(resumed), Is.EqualTo(Weights(straight)), "both end with the best model, epoch 0's, loaded");

        // A tracker's state that is not one is refused when the fit that has the tracker starts, naming it.
        var bad = ZipEdits.Copy(dir.File(Path.Combine("resumed", "models", "stopped.ckpt")), dir.File("bad.ckpt"), name => name != "meta.json" ? null
            : (from, to) =>
            {
                var json = System.Text.Json.Nodes.JsonNode.Parse(from)!;
                json["Callbacks"]!["SaveModelCallback#2"]!["best_epoch"] = 1.5;
                using var writer = new Utf8JsonWriter(to);
                json.WriteTo(writer);
            });
        var refused = Create(dir.File("resumed")).Resume(bad);
        Assert.That(() => refused.Fit(6, 1e-2, cbs: Trackers()), Throws.TypeOf<InvalidDataException>().With.Message.Contains("SaveModelCallback#2")
            .And.Message.Contains("'best_epoch' must be a whole number"));
    }

    [Test]
    public void TwoAveragesOfTheWeightsPassedToTheFitResumeBitForBit()
    {
        using var dir = new TempDirectory();
        Callback[] Averages() => [new EmaCallback(0.9, replaceWeights: false), new EmaCallback(0.5)];
        var straight = Create(dir.File("straight"));
        straight.FitOneCycle(3, 1e-2, cbs: Averages());
        var first = Create(dir.File("resumed"));
        first.FitOneCycle(3, 1e-2, cbs: [.. Averages(), new StopAt(13, Event.AfterBatch)]);
        var second = Create(dir.File("resumed")).Resume("stopped");
        second.FitOneCycle(3, 1e-2, cbs: Averages());
        Assert.That(second.Recorder.Values.Select(v => v.ToArray()), Is.EqualTo(straight.Recorder.Values.Select(v => v.ToArray())),
            "validated on the averages, every epoch row the same");
        Assert.That(Weights(second), Is.EqualTo(Weights(straight)), "the second average left in the model, bit for bit");
    }

    [Test]
    public void GradientAccumulationStoppedBetweenTwoStepsResumesBitForBit()
    {
        // Steps every 192 items (three batches of 64); the stop after training iteration 13 falls one batch past the fourth step.
        using var dir = new TempDirectory();
        var straight = Create(dir.File("straight"));
        straight.FitOneCycle(3, 1e-2, cbs: [new GradientAccumulation(192)]);
        var first = Create(dir.File("resumed"));
        first.FitOneCycle(3, 1e-2, cbs: [new GradientAccumulation(192), new StopAt(13, Event.AfterBatch)]);
        using var accumulation = new GradientAccumulation(192);
        var second = Create(dir.File("resumed")).Resume("stopped");
        second.FitOneCycle(3, 1e-2, cbs: [accumulation]);
        Assert.That(second.Recorder.Losses, Is.EqualTo(straight.Recorder.Losses));
        Assert.That(Weights(second), Is.EqualTo(Weights(straight)), "bit for bit");
    }

    [Test]
    public void ResumeRefusesARunOfOtherSettingsNamingEachAndIgnoresSettingsWhenEitherSideHasNone()
    {
        using var dir = new TempDirectory();
        var first = Create(dir.File("run"));
        (first.ResumeSettings["--label-smoothing"], first.ResumeSettings["--flip"], first.ResumeSettings["--seed"]) = ("0.1", "true", "7");
        first.FitOneCycle(2, 1e-2, cbs: [new StopAt(5, Event.AfterBatch)]);
        var other = Create(dir.File("run"));
        (other.ResumeSettings["--label-smoothing"], other.ResumeSettings["--flip"], other.ResumeSettings["--mixup"]) = ("0.2", "true", "0.4");
        Assert.That(() => other.Resume("stopped"), Throws.ArgumentException.With.Message.Contains(
            "saved by a run with other settings: --label-smoothing 0.1 (this run: 0.2), --mixup (none) (this run: 0.4), --seed 7 (this run: none)"));
        Assert.That(other.Resuming, Is.Null);
        var same = Create(dir.File("run"));
        foreach (var (k, v) in first.ResumeSettings) same.ResumeSettings[k] = v;
        Assert.That(() => same.Resume("stopped"), Throws.Nothing);
        Assert.That(() => Create(dir.File("run")).Resume("stopped"), Throws.Nothing, "a learner that declares no settings");
    }

    [TestCase("INT", 130)]
    [TestCase("TERM", 143)]
    public void TheTrainCommandStoppedByASignalKeepsTheLastRunAndResumesInANewProcessToTheSameWeights(string signal, int exitCode)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("sends signals with kill(1)");
        // A test run started in the background of a non-interactive shell (`cmd &`) inherits SIGINT as ignored, and so does the train process.
        if (signal == "INT" && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } ignored
            && (Convert.ToUInt64(ignored[7..].Trim(), 16) & 0x2) != 0)
            Assert.Ignore("SIGINT is ignored by this test process (started in the background), so the train process it starts cannot receive it");
        using var dir = new TempDirectory();
        string[] common =
            ["train", "--data", "tiny", "--arch", "simple_cnn", "--epochs", "3", "--bs", "32", "--widths", "8,16", "--crop-padding", "2", "--flip", "true"];
        string[] config = [.. common, "--seed", "7"];
        var straight = ExamplesProcess.Run([.. config, "--path", dir.File("straight")]);
        Assert.That(straight.Code, Is.Zero, straight.Output);

        // An earlier whole run in the folder (another seed): its final checkpoint and export must survive the interrupted run.
        var earlier = ExamplesProcess.Run([.. common, "--seed", "8", "--path", dir.File("resumed")]);
        Assert.That(earlier.Code, Is.Zero, earlier.Output);
        var (finalCkpt, export) = (dir.File(Path.Combine("resumed", "models", "final.ckpt")), dir.File(Path.Combine("resumed", "export.fastdays")));
        var (finalBefore, exportBefore) = (File.ReadAllBytes(finalCkpt), File.ReadAllBytes(export));

        // The same run as the straight one, stopped by a real signal once its first epoch is done.
        var (code, output) = ExamplesProcess.Run([.. config, "--path", dir.File("resumed")],
            interruptWhen: line => line.StartsWith("0 ", StringComparison.Ordinal), signal: signal);
        Assert.That(code, Is.EqualTo(exitCode), output);
        Assert.That(output, Does.Contain($"SIG{signal}: stopped at epoch").And.Contain("whole epochs").And.Not.Contain("NaN"));
        Assert.That(output, Does.Not.Contain("checkpoint:").And.Not.Contain("export:"), "nothing but the interrupted checkpoint is written");
        Assert.That(File.ReadAllBytes(finalCkpt), Is.EqualTo(finalBefore), "the last whole run's checkpoint is untouched");
        Assert.That(File.ReadAllBytes(export), Is.EqualTo(exportBefore), "the last whole run's export is untouched");
        var history = CsvLogger.Read(dir.File(Path.Combine("resumed", "history.csv")));
        Assert.That(history.Select(r => r["epoch"]), Is.EqualTo(Enumerable.Range(0, history.Count).Select(i => $"{i}")), "whole epochs only");
        Assert.That(history.SelectMany(r => r.Values), Has.None.EqualTo("NaN"));
        var checkpoint = dir.File(Path.Combine("resumed", "models", "interrupted.ckpt"));
        Assert.That(File.Exists(checkpoint), output);

        var resumed = ExamplesProcess.Run([.. config, "--path", dir.File("resumed"), "--resume", checkpoint]);
        Assert.That(resumed.Code, Is.Zero, resumed.Output);
        Assert.That(resumed.Output, Does.Contain("resuming"));
        var (straightModel, straightMeta) = ReadCheckpoint(dir.File(Path.Combine("straight", "models", "final.ckpt")));
        var (resumedModel, resumedMeta) = ReadCheckpoint(finalCkpt);
        Assert.That(resumedModel, Is.EqualTo(straightModel), "the final checkpoints' weights, byte for byte");
        Assert.That(resumedMeta.GetProperty("Recorder").GetProperty("Losses").GetRawText(),
            Is.EqualTo(straightMeta.GetProperty("Recorder").GetProperty("Losses").GetRawText()));
        // The history of the resumed run is the whole fit's, epoch 0 (done before the signal) included, equal to the straight run's.
        static IEnumerable<string> Values(string file) =>
            CsvLogger.Read(file).Select(r => string.Join(",", r.Where(c => c.Key != "time").Select(c => c.Value)));
        Assert.That(Values(dir.File(Path.Combine("resumed", "history.csv"))), Is.EqualTo(Values(dir.File(Path.Combine("straight", "history.csv")))));
    }

    private static (byte[] Model, JsonElement Meta) ReadCheckpoint(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var model = new MemoryStream();
        using (var s = zip.GetEntry("model.fdts")!.Open()) s.CopyTo(model);
        using var meta = zip.GetEntry("meta.json")!.Open();
        return (model.ToArray(), JsonDocument.Parse(meta).RootElement.Clone());
    }
}
