using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Modules;
using FastDays.Metrics;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Callbacks;

/// <summary>EmaCallback: the average is the hand-computed one of every step's weights, training itself is untouched, validation and the end of the
/// fit use the average, mixed precision averages the float32 master weights, and a resumed fit ends bit for bit where the uninterrupted one does.</summary>
[NonParallelizable]
public sealed class EmaCallbackTests
{
    private static Learner Create(string path, IEnumerable<Callback> cbs, int seed = 3)
    {
        manual_seed(seed);
        using var gen = new Generator(11);
        var x = randn([192, 1, 8, 8], generator: gen);
        var y = x.mean([1, 2, 3]).gt(zeros(1)).to_type(ScalarType.Int64).add(x[.., 0, 0, 0].gt(zeros(1)).to_type(ScalarType.Int64));
        var dls = DataLoaders.FromTensors(x[..160], y[..160], x[160..], y[160..], batchSize: 32, seed: 5);
        var model = nn.Sequential(("conv", nn.Conv2d(1, 4, 3, padding: 1)), ("bn", new BatchNormLayer(4)), ("relu", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("drop", nn.Dropout(0.2)), ("fc", nn.Linear(4, 3)));
        var learn = new Learner(dls, model, new CrossEntropyLossFlat(), cbs: cbs, metrics: [Metric.Accuracy()], path: path);
        learn.RemoveCbs(learn.Cbs.OfType<ProgressCallback>().ToList());
        return learn;
    }

    private static Dictionary<string, float[]> State(Learner learn) =>
        learn.Model.state_dict().Where(kv => kv.Value.is_floating_point())
            .ToDictionary(kv => kv.Key, kv => kv.Value.detach().to_type(ScalarType.Float32).cpu().data<float>().ToArray());

    // Keeps the float32 weights after every training step (the optimizer's masters under mixed precision) and the averages when the fit ends.
    private sealed class StepRecorder(EmaCallback ema) : Callback
    {
        public override int Order => 30;
        public List<Dictionary<string, float[]>> Steps { get; } = [];
        public Dictionary<string, float[]> AtEnd { get; } = [];

        public override void AfterStep()
        {
            if (!Learn.Training) return;
            var parameters = Learn.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            Steps.Add(Learn.Model.state_dict().Where(kv => kv.Value.is_floating_point()).ToDictionary(kv => kv.Key,
                kv => (parameters.TryGetValue(kv.Key, out var p) ? Learn.Opt!.MasterWeights(p) : kv.Value).detach().to_type(ScalarType.Float32)
                    .data<float>().ToArray()));
        }

        public override void AfterFit()
        {
            foreach (var name in Steps[0].Keys) AtEnd[name] = ema.Average(name)!.data<float>().ToArray();
        }
    }

    [Test]
    public void TheAverageIsTheHandComputedOneOfEveryStepAndTheModelKeepsIt()
    {
        using var dir = new TempDirectory();
        var ema = new EmaCallback(0.9);
        var recorder = new StepRecorder(ema);
        var learn = Create(dir.File("ema"), [ema, recorder]);
        var initial = State(learn);
        learn.FitOneCycle(3, 1e-2);
        Assert.That(recorder.Steps, Has.Count.EqualTo(15));
        Assert.That(ema.Updates, Is.EqualTo(15));
        foreach (var (name, start) in initial)
        {
            // Average by hand in double: the decay ramps as min(0.9, (1 + n) / (10 + n)) for update n = 1, 2, …
            var average = start.Select(v => (double)v).ToArray();
            for (var n = 1; n <= recorder.Steps.Count; n++)
            {
                var d = Math.Min(0.9, (1.0 + n) / (10.0 + n));
                var w = recorder.Steps[n - 1][name];
                for (var i = 0; i < average.Length; i++) average[i] = d * average[i] + (1 - d) * w[i];
            }
            Assert.That(recorder.AtEnd[name], Is.EqualTo(average.Select(v => (float)v)).Within(1e-6), name);
            Assert.That(State(learn)[name], Is.EqualTo(recorder.AtEnd[name]), $"{name}: the model keeps the average");
            Assert.That(recorder.AtEnd[name], Is.Not.EqualTo(recorder.Steps[^1][name]), $"{name}: the average is not the last weights");
        }
    }

    [Test]
    public void TrainingIsUntouchedAndValidationRunsOnTheAverage()
    {
        using var dir = new TempDirectory();
        var plain = Create(dir.File("plain"), []);
        plain.FitOneCycle(3, 1e-2);
        var watching = Create(dir.File("watching"), [new EmaCallback(0.8, replaceWeights: false)]);
        watching.FitOneCycle(3, 1e-2);
        Assert.That(watching.Recorder.Losses, Is.EqualTo(plain.Recorder.Losses), "the same training losses, batch by batch");
        Assert.That(State(watching), Is.EqualTo(State(plain)), "the same final weights when the average is not kept");
        Assert.That(watching.Recorder.Values[^1][1], Is.Not.EqualTo(plain.Recorder.Values[^1][1]), "validation ran on other weights");

        var kept = Create(dir.File("kept"), [new EmaCallback(0.8)]);
        kept.FitOneCycle(3, 1e-2);
        Assert.That(kept.Recorder.Values[^1][1], Is.EqualTo(watching.Recorder.Values[^1][1]), "the same average validated");
        var again = kept.Validate();
        Assert.That(again["valid_loss"], Is.EqualTo(kept.Recorder.Values[^1][1]).Within(1e-6), "the model now holds the weights the last validation ran on");
    }

    [Test]
    public void UnderMixedPrecisionTheAverageFollowsTheMasterWeightsAndSurvivesGoingBackToFloat32()
    {
        using var dir = new TempDirectory();
        var ema = new EmaCallback(0.9);
        var recorder = new StepRecorder(ema);
        var learn = Create(dir.File("bf16"), [ema, recorder]).ToBf16();
        learn.FitOneCycle(2, 1e-2);
        learn.ToFp32();
        var state = State(learn);
        foreach (var (name, average) in recorder.AtEnd)
            Assert.That(state[name], Is.EqualTo(average), $"{name}: float32 again, the model holds the float32 average");
    }

    private sealed class StopAt(int trainIter) : Callback
    {
        public override int Order => 95;
        public override void AfterBatch()
        {
            if (!Learn.Training || Learn.TrainIter != trainIter) return;
            Learn.Save("stopped");
            throw new CancelFitException();
        }
    }

    [Test]
    public void AResumedFitEndsBitForBitWhereTheUninterruptedOneDoes()
    {
        using var dir = new TempDirectory();
        var straight = Create(dir.File("straight"), [new EmaCallback(0.9)]);
        straight.FitOneCycle(3, 1e-2);

        Create(dir.File("resumed"), [new EmaCallback(0.9)]).FitOneCycle(3, 1e-2, cbs: [new StopAt(7)]);
        var resumed = Create(dir.File("resumed"), [new EmaCallback(0.9)]).Resume("stopped");
        resumed.FitOneCycle(3, 1e-2);
        Assert.That(State(resumed), Is.EqualTo(State(straight)), "the averaged final weights, bit for bit");
        Assert.That(resumed.Recorder.Values.Select(v => v.ToArray()), Is.EqualTo(straight.Recorder.Values.Select(v => v.ToArray())));

        // A checkpoint saved without the callback has no average to resume from.
        Create(dir.File("without"), []).FitOneCycle(3, 1e-2, cbs: [new StopAt(7)]);
        Assert.That(() => Create(dir.File("without"), [new EmaCallback(0.9)]).Resume("stopped"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("stopped.ckpt").And.Message.Contains("no state of EmaCallback"));
    }

    [Test]
    public void ADecayOutsideZeroToOneIsRefused()
    {
        Assert.That(() => new EmaCallback(1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("[0, 1)"));
        Assert.That(() => new EmaCallback(-0.1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
