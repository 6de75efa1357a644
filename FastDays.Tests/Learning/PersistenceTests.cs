using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Tests.Support;
using FastDays.Vision.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Learning;

public class PersistenceTests
{
    private static Learner SmallCnn(string path, int seed = 0)
    {
        manual_seed(seed);
        var gen = new Generator(0);
        var x = rand([96, 1, 12, 12], generator: gen);
        var y = randint(0, 3, [96], generator: gen);
        var dls = DataLoaders.FromTensors(x, y, x[..32], y[..32], 16, seed, ["a", "b", "c"], [Normalize.FromStats(x)]);
        var learn = new Learner(dls, SimpleCnn.Create(1, 3, 4, 8), new CrossEntropyLossFlat(), metrics: [Metric.Accuracy()], path: path)
        {
            Spec = VisionArchitectures.SimpleCnnSpec(1, 3, 4, 8),
        };
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        return learn;
    }

    [Test]
    public void SaveThenLoadGivesIdenticalPredictionsAndOptimizerState()
    {
        using var dir = new TempDirectory();
        var learn = SmallCnn(dir.Path);
        learn.Fit(1, 1e-2);
        var file = learn.Save("stage-1");
        Assert.That(File.Exists(file) && file.EndsWith(Path.Combine("models", "stage-1.ckpt"), StringComparison.Ordinal));
        var (before, _) = learn.GetPreds();

        var fresh = SmallCnn(dir.Path, seed: 1);
        var (other, _) = fresh.GetPreds();
        Assert.That(other.allclose(before), Is.False, "a differently seeded model predicts differently");
        fresh.Load("stage-1");
        var (after, _) = fresh.GetPreds();
        Assert.That(after.allclose(before, rtol: 0, atol: 0), Is.True);
        var (savedOpt, loadedOpt) = (learn.Opt!.StateDict().Tensors, fresh.Opt!.StateDict().Tensors);
        Assert.That(loadedOpt.Keys, Is.EquivalentTo(savedOpt.Keys));
        foreach (var (k, t) in savedOpt) Assert.That(loadedOpt[k].allclose(t, rtol: 0, atol: 0), Is.True, k);
    }

    [Test]
    public void ExportThenLoadLearnerPredictsTheSameWithoutTheTrainingCode()
    {
        using var dir = new TempDirectory();
        var learn = SmallCnn(dir.Path);
        learn.Fit(1, 1e-2);
        var file = learn.Export();
        var inference = ExportExtensions.LoadLearner(file);
        Assert.That(inference.Vocab, Is.EqualTo(new[] { "a", "b", "c" }));
        using var xb = learn.Dls.Valid.Dataset.GetBatch([.. Enumerable.Range(0, 32)]);
        var (preds, _) = learn.GetPreds();
        var loaded = inference.GetPreds(xb.X);
        Assert.That(loaded.allclose(preds, rtol: 0, atol: 1e-6), Is.True);
        var one = inference.Predict(xb.X[5]);
        var fromLearner = learn.Predict(xb.X[5]);
        Assert.That(one.Label, Is.EqualTo(fromLearner.Label));
        Assert.That(one.Probs, Is.EqualTo(fromLearner.Probs).Within(1e-6));
    }

    [Test]
    public void AFailedSaveKeepsThePreviousCheckpoint()
    {
        using var dir = new TempDirectory();
        var learn = SmallCnn(dir.Path);
        var file = learn.Save("keep");
        var bytes = File.ReadAllBytes(file);
        Assert.Throws<IOException>(() => FastDays.Persistence.AtomicFile.Write(file, s => { s.WriteByte(1); throw new IOException("disk full"); }));
        Assert.That(File.ReadAllBytes(file), Is.EqualTo(bytes));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(file)!), Has.Length.EqualTo(1), "no temporary file is left behind");
    }

    [Test]
    public void LoadingATruncatedOrMismatchedCheckpointNamesTheProblem()
    {
        using var dir = new TempDirectory();
        var learn = SmallCnn(dir.Path);
        var file = learn.Save("full");
        var truncated = Path.Combine(dir.Path, "models", "truncated.ckpt");
        File.WriteAllBytes(truncated, File.ReadAllBytes(file)[..200]);
        var e = Assert.Throws<InvalidDataException>(() => learn.Load("truncated"));
        Assert.That(e!.Message, Does.Contain("truncated.ckpt"));

        var wider = new Learner(learn.Dls, SimpleCnn.Create(1, 3, 4, 16), new CrossEntropyLossFlat(), path: dir.Path);
        var mismatch = Assert.Throws<InvalidDataException>(() => wider.Load("full"));
        Assert.That(mismatch!.Message, Does.Contain("shape mismatches").And.Contain("conv1.weight").And.Contain("fc.weight"));
    }

    [Test]
    public void SameSeedGivesTheSameLosses()
    {
        using var dir = new TempDirectory();
        double[][] Run()
        {
            var learn = SmallCnn(dir.Path, seed: 5);
            learn.FitOneCycle(2, 1e-2);
            return [.. learn.Recorder.Values, [.. learn.Recorder.Losses]];
        }
        Assert.That(Run(), Is.EqualTo(Run()));
    }
}
