using System.Text.Json.Nodes;
using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Datasets;
using FastDays.Examples.Cli;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Modules;
using FastDays.Tests.Support;
using FastDays.Vision.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Learning;

/// <summary>Exports and checkpoints whose metadata says something their tensors, the learner or sane bounds contradict: each is refused when it is
/// loaded, naming the file, before a model is built or a batch is trained, and without allocating what the metadata claims.</summary>
[NonParallelizable]
public sealed class MetadataBoundsTests
{
    // A copy of a FastDays zip with one JSON entry edited.
    private static string Edit(string source, string target, string entry, Action<JsonObject> edit) =>
        ZipEdits.Copy(source, target, name => name != entry ? null : (from, to) =>
        {
            var json = JsonNode.Parse(from)!.AsObject();
            edit(json);
            using var writer = new System.Text.Json.Utf8JsonWriter(to);
            json.WriteTo(writer);
        });

    private static string Export(TempDirectory dir)
    {
        manual_seed(0);
        using var x = rand(16, 1, 28, 28);
        using var y = zeros(16, dtype: ScalarType.Int64);
        var dls = DataLoaders.FromTensors(x, y, x, y, 8, vocab: FashionMnist.Classes, batchTransforms: [Normalize.FromStats(x)]);
        var spec = VisionArchitectures.SimpleCnnSpec(1, 10, 4, 8);
        var learn = new Learner(dls, ModelZoo.Create(spec), new CrossEntropyLossFlat(), path: dir.Path) { Spec = spec };
        using var noBar = learn.NoBar();
        learn.Fit(1);
        return learn.Export(dir.File("seed.fastdays"));
    }

    private static JsonNode? Json(string text) => JsonNode.Parse(text);

    [TestCase("""{"ItemShape": [1, 20000, 20000]}""", "item shape [1, 20000, 20000] outside the bounds")]
    [TestCase("""{"ItemShape": [1, 1048576, 1048576]}""", "item shape")]
    [TestCase("""{"Args": {"in_channels": "1", "classes": "10", "widths": "16,3000,3000,3000"}}""", "needs at least 162,462,144 weights")]
    [TestCase("""{"Args": {"in_channels": "1", "classes": "1000000000", "widths": "4,8"}}""", "needs at least")]
    [TestCase("""{"Arch": "xresnet_small", "Args": {"in_channels": "1", "classes": "10", "widths": "8,16,32,64", "blocks": "100000,1,1"}}""",
        "needs at least")]
    [TestCase("""{"Arch": "xresnet_small", "Args": {"in_channels": "1", "classes": "10", "widths": "64,16", "blocks": "1", "stem_convs": "100000"}}""",
        "needs at least")]
    [TestCase("""{"Arch": "xresnet_small", "Args": {"in_channels": "1", "classes": "10", "widths": "8,16", "blocks": "1", "stem_convs": "0"}}""",
        "stem_convs=0")]
    [TestCase("""{"Args": {"in_channels": "1", "classes": "10", "widths": "4,-8"}}""", "cannot be built")]
    [TestCase("""{"Vocab": ["a", "b", "c"]}""", "names 3 classes, the model gives outputs of shape [10]")]
    [TestCase("""{"Mean": [0.1, 0.2, 0.3], "Std": [1, 1, 1]}""", "normalisation")]
    [TestCase("""{"ItemShape": [3, 28, 28]}""", "does not take the item shape [3, 28, 28]")]
    [TestCase("""{"Version": 7}""", "format version 7")]
    [TestCase("""{"Activation": "relu"}""", "activation 'relu'")]
    [TestCase("""{"Extras": ["model.fdts"]}""", "extra entry")]
    public void AnExportWhoseMetadataDoesNotHoldTogetherIsRefusedWhenLoaded(string fields, string message)
    {
        using var dir = new TempDirectory();
        var export = Export(dir);
        var bad = Edit(export, dir.File("bad.fastdays"), "export.json", json =>
        {
            foreach (var (key, value) in Json(fields)!.AsObject()) json[key] = value?.DeepClone();
        });
        InvalidDataException? refused = null;
        var growth = SelfProcess.PeakGrowth(() => refused = Assert.Throws<InvalidDataException>(() => ExportExtensions.LoadLearner(bad)));
        Assert.That(refused!.Message, Does.Contain(bad).And.Contain(message));
        Assert.That(refused.Message, Does.Not.Contain("\n"), "one line");
        Assert.That(growth, Is.LessThan(128 << 20), $"peak resident memory grew by {growth >> 20} MB");
        Assert.That(() => ExportExtensions.LoadLearner(export).Model.Dispose(), Throws.Nothing, "the unedited export loads");
    }

    // Asks InterruptCallback to stop after a given training iteration, as Ctrl-C would.
    private sealed class RequestStopAt(InterruptCallback interrupt, int trainIter) : Callback
    {
        public override int Order => 80;
        public override void AfterBatch() { if (Learn.Training && Learn.TrainIter == trainIter) interrupt.RequestStop(); }
    }

    private static readonly Dictionary<string, (Action<JsonObject> Edit, string Message)> CheckpointEdits = new()
    {
        ["negative epoch"] = (m => m["Epoch"] = -7, "a negative count (epoch -7"),
        ["epoch past the fit"] = (m => m["Epoch"] = 2_000_000_000, "epoch 2000000000 of a fit of 3 epochs"),
        ["negative epochs"] = (m => m["NEpoch"] = -3, "n_epoch -3"),
        ["unknown version"] = (m => m["Version"] = 9, "format version 9"),
        ["training position"] = (m => m["TrainPosition"] = 100_000, "training position 100000 is outside the 10 batches"),
        ["validation position"] = (m => m["ValidPosition"] = -1, "validation position -1"),
        ["another batch size"] = (m => m["TrainBatches"] = 5, "saved with 5 training batches per epoch, this learner has 10"),
        ["iterations"] = (m => m["TrainIter"] = 1000, "1000 training iterations done"),
        ["frozen groups"] = (m => m["FrozenGroups"] = 4, "4 frozen parameter groups"),
        ["optimizer groups"] = (m => m["OptHypers"] = new JsonArray(), "0 parameter groups"),
        ["hyper-parameter"] = (m => m["OptHypers"]![0]!["lr"] = "Infinity", "not a finite number"),
        ["recorder lengths"] = (m => m["Recorder"]!["Lrs"]!.AsArray().RemoveAt(0), "learning rates"),
        ["recorder rows"] = (m => m["Recorder"]!["Values"] = new JsonArray(new JsonArray(1.0)), "epoch rows"),
        ["recorder times"] = (m => m["Recorder"]!["EpochSeconds"] = new JsonArray(-5.0), "epoch times"),
        ["finished fit"] = (m => m["Epoch"] = 3, "has finished"),
        ["schedule samples"] = (m => m["Schedules"] = new JsonObject { ["lr"] = new JsonArray(new JsonArray(1.0, 2.0)) }, "not 17 finite samples"),
        ["setting"] = (m => m["Settings"] = new JsonObject { ["--lr"] = null }, "a setting without a value"),
        ["fit learning rates"] = (m => m["FitLrs"] = new JsonArray(-1.0), "a learning rate that is not a finite number ≥ 0"),
    };

    [TestCaseSource(nameof(CheckpointCases))]
    public void ACheckpointWhoseMetadataDoesNotFitIsRefusedByResumeBeforeAnythingIsLoaded(string name)
    {
        using var dir = new TempDirectory();
        var interrupt = new InterruptCallback();
        var learn = SynthLearner.Create(lr: 0.1, path: dir.Path);
        learn.Fit(3, cbs: [interrupt, new RequestStopAt(interrupt, 14)]);
        Assert.That(interrupt.SavedTo, Is.Not.Null.And.Exist);
        var (edit, message) = CheckpointEdits[name];
        var bad = Edit(interrupt.SavedTo!, dir.File("bad.ckpt"), "meta.json", edit);
        var fresh = SynthLearner.Create(lr: 0.1, path: dir.Path);
        var before = ((RegModel)fresh.Model).A;
        var refused = Assert.Throws<InvalidDataException>(() => fresh.Resume(bad));
        Assert.That(refused!.Message, Does.Contain(bad).And.Contain(message));
        Assert.That(((RegModel)fresh.Model).A, Is.EqualTo(before), "nothing was loaded into the model");
        Assert.That(fresh.Resuming, Is.Null);
        Assert.That(() => SynthLearner.Create(lr: 0.1, path: dir.Path).Resume(interrupt.SavedTo!), Throws.Nothing, "the unedited checkpoint resumes");
    }

    private static IEnumerable<string> CheckpointCases() => CheckpointEdits.Keys;

    [Test]
    public void OptimizerAndCallbackStatesThatDoNotFitAreRefusedBeforeAnythingIsReplaced()
    {
        using var dir = new TempDirectory();
        var interrupt = new InterruptCallback();
        var learn = SynthLearner.Create(lr: 0.1, opt: FastDays.Optimizers.OptFuncs.Adam(), path: dir.Path);
        learn.Fit(3, cbs: [interrupt, new RequestStopAt(interrupt, 14)]);
        // A moment of another shape than its parameter, a key of no parameter: refused at Resume, naming the file, not at the first step.
        foreach (var (key, bad) in new[] { ("0.0.exp_avg", zeros(5)), ("0.7.exp_avg", zeros(1)), ("-1.0.exp_avg", zeros(1)) })
        {
            var path = ZipEdits.Copy(interrupt.SavedTo!, dir.File($"bad-opt-{key}.ckpt"), name => name != "opt.fdts" ? null
                : (_, to) => FastDays.Persistence.TensorStore.Write(to, new Dictionary<string, Tensor> { [key] = bad }));
            var fresh = SynthLearner.Create(lr: 0.1, opt: FastDays.Optimizers.OptFuncs.Adam(), path: dir.Path);
            Assert.That(() => fresh.Resume(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("optimizer state"));
            bad.Dispose();
        }
        // MixedPrecision's state: a loss scale that is not a positive number, a count that is missing.
        var mixed = new MixedPrecision(ScalarType.Float16);
        Assert.That(() => mixed.LoadState(new Dictionary<string, double> { ["loss_scale"] = -1, ["good_steps"] = 0, ["skipped_steps"] = 0 }),
            Throws.ArgumentException.With.Message.Contains("'loss_scale' must be a positive number"));
        Assert.That(() => mixed.LoadState(new Dictionary<string, double> { ["loss_scale"] = 1024, ["good_steps"] = 1.5 }),
            Throws.ArgumentException.With.Message.Contains("'good_steps' must be a whole number"));
        Assert.That(mixed.LossScale, Is.EqualTo(65536), "nothing was replaced");
    }
}
