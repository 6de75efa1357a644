using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Hardware;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Modules;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Learning;

/// <summary>ToFastest: the precision follows the CPU's bfloat16 capability (faked here) and, where it is native, a timing; the memory format follows
/// a timing; both timings leave no trace and are remembered, and a run with the automatic choice is the run with the same choice made explicitly.</summary>
public sealed class SpeedExtensionsTests
{
    private static readonly CpuCapabilities NativeCpu = new("a CPU with bfloat16", true, "avx512_bf16");
    private static readonly CpuCapabilities PlainCpu = new("a CPU without", false, "none of avx512_bf16, amx_bf16");

    private static Learner SmallCnn(string path)
    {
        manual_seed(0);
        var brightness = rand(256, 1, 1, 1);
        var x = rand(256, 1, 12, 12).mul(brightness);
        var y = brightness.reshape(-1).gt(tensor(0.5f)).to_type(ScalarType.Int64);
        var dls = DataLoaders.FromTensors(x[..192], y[..192], x[192..], y[192..], 32, 0, ["dark", "bright"]);
        var model = nn.Sequential(("conv", nn.Conv2d(1, 16, 3, padding: 1)), ("bn", new BatchNormLayer(16)), ("relu", nn.ReLU()),
            ("conv2", nn.Conv2d(16, 32, 3, stride: 2, padding: 1)), ("bn2", new BatchNormLayer(32)), ("relu2", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(32, 2)));
        var learn = new Learner(dls, model, new CrossEntropyLossFlat(), lr: 1e-2, metrics: [Metric.Accuracy()], path: path);
        learn.RemoveCbs(learn.Cbs.OfType<ProgressCallback>().ToList());
        return learn;
    }

    [Test]
    public void AutoPrecisionIsBf16OnlyWhereTheCpuComputesItNatively()
    {
        using var dir = new TempDirectory();
        var native = SmallCnn(dir.File("a")).ToFastest(new SpeedOptions { Cpu = NativeCpu, ChannelsLast = "false", TimePrecision = false });
        Assert.That((native.Bf16, native.PrecisionReason), Is.EqualTo((true, "auto: a CPU with bfloat16 has native bfloat16 (avx512_bf16)")));
        var learn = SmallCnn(dir.File("b"));
        var plain = learn.ToFastest(new SpeedOptions { Cpu = PlainCpu, ChannelsLast = "false" });
        Assert.That(plain.Bf16, Is.False);
        Assert.That(learn.Cb<MixedPrecision>(), Is.Null);
        Assert.That(plain.Options, Is.EqualTo("--precision fp32 --channels-last false"));
        Assert.That(learn.ToFastest(new SpeedOptions { Cpu = PlainCpu, Precision = "bf16", ChannelsLast = "false" }).Bf16, Is.True, "asked for");
        Assert.That(learn.ComputeDtype(), Is.EqualTo(ScalarType.BFloat16));
        Assert.That(() => learn.ToFastest(new SpeedOptions { Precision = "fp16" }), Throws.ArgumentException.With.Message.Contains("fp16"));
    }

    private static bool Same(Tensor a, Tensor b)
    {
        using var differ = a.ne(b).any();
        return a.shape.SequenceEqual(b.shape) && !differ.item<bool>();
    }

    // The model's state and torch's random state before a timing, to compare with after it.
    private static (Dictionary<string, Tensor> State, Tensor Rng) Snapshot(Learner learn) =>
        (learn.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone()), get_rng_state());

    private static void AssertAsBefore(Learner learn, (Dictionary<string, Tensor> State, Tensor Rng) before, string what)
    {
        using (var rng = get_rng_state()) Assert.That(Same(rng, before.Rng), Is.True, "the random state is restored");
        foreach (var (key, value) in learn.Model.state_dict())
            Assert.That(Same(value, before.State[key]), Is.True, $"{key} is as it was ({what})");
    }

    // Another process: the same cache file read under a CPU name (so a key) this process has not met, which reads the file instead of timing.
    private static CpuCapabilities AnotherProcess(string cache, CpuCapabilities cpu, string name, params string[] extraLines)
    {
        File.WriteAllLines(cache, [.. File.ReadAllLines(cache).Select(l => l.Replace(cpu.Name, name, StringComparison.Ordinal)), .. extraLines]);
        return cpu with { Name = name };
    }

    [Test]
    public void TimingTheLayoutsLeavesTheModelAndTheRandomStateAsTheyWereAndIsRemembered()
    {
        using var dir = new TempDirectory();
        var cpu = NativeCpu with { Name = "a CPU whose layouts are timed" };   // a key no other test of this process has remembered
        var learn = SmallCnn(dir.File("a"));
        var before = Snapshot(learn);
        var cache = dir.File("formats.tsv");
        var choice = learn.ToFastest(new SpeedOptions { Cpu = cpu, Precision = "fp32", CacheFile = cache });
        Assert.That(choice.MemoryFormatReason, Does.Match(@"^auto: [0-9.]+ ms a step channels-last against [0-9.]+ contiguous$"));
        Assert.That(MemoryFormats.IsChannelsLast(learn.Model.get_parameter("conv2.weight")!), Is.EqualTo(choice.ChannelsLast));
        AssertAsBefore(learn, before, "batchnorm statistics included");
        Assert.That(learn.Model.parameters().Select(p => p.grad), Is.All.Null, "no gradient left behind");
        Assert.That(File.ReadAllText(cache), Does.Contain(choice.ChannelsLast ? "\tchannels-last\t" : "\tcontiguous\t"));

        var thirdCpu = AnotherProcess(cache, cpu, "a third CPU", "damaged line", "a\tb");
        var third = SmallCnn(dir.File("b")).ToFastest(new SpeedOptions { Cpu = thirdCpu, Precision = "fp32", CacheFile = cache });
        Assert.That(third.MemoryFormatReason, Does.EndWith($"timed before ({cache})"));
        Assert.That(third.ChannelsLast, Is.EqualTo(choice.ChannelsLast));
    }

    [Test]
    public void WhereBf16IsNativeAutoPrecisionIsTheFasterOfTwoTimedPrecisionsAndLeavesNoTrace()
    {
        using var dir = new TempDirectory();
        var cpu = NativeCpu with { Name = "a CPU whose precisions are timed" };   // a key no other test of this process has remembered
        var learn = SmallCnn(dir.File("a"));
        var before = Snapshot(learn);
        var cache = dir.File("formats.tsv");
        var choice = learn.ToFastest(new SpeedOptions { Cpu = cpu, CacheFile = cache });
        var times = System.Text.RegularExpressions.Regex.Match(choice.PrecisionReason,
            @"^auto: a CPU whose precisions are timed has native bfloat16 \(avx512_bf16\); ([0-9.]+) ms a step in bfloat16 against ([0-9.]+) in float32$");
        Assert.That(times.Success, Is.True, choice.PrecisionReason);
        var (bf16, fp32) = (double.Parse(times.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(times.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(choice.Bf16 ? bf16 <= fp32 : bf16 >= fp32, Is.True, $"bf16 chosen: {choice.Bf16}, {bf16} against {fp32} ms");
        Assert.That(learn.ComputeDtype(), Is.EqualTo(choice.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32));
        Assert.That(choice.MemoryFormatReason, Does.Match(@"^auto: [0-9.]+ ms a step channels-last against [0-9.]+ contiguous$"),
            "the layout of the chosen precision was timed on the way, not again");
        learn.ToFp32();
        AssertAsBefore(learn, before, "after a trip through bfloat16");
        var lines = File.ReadAllLines(cache);
        Assert.That(lines.Count(l => l.StartsWith("precision|", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(lines, Has.Length.EqualTo(3), "the precision and each precision's layout");

        // A CPU without native bfloat16 is not timed; a new process (a fourth CPU name) reads the precision from the file.
        Assert.That(SmallCnn(dir.File("b")).ToFastest(new SpeedOptions { Cpu = PlainCpu, CacheFile = cache, ChannelsLast = "false" }).Bf16, Is.False);
        var third = SmallCnn(dir.File("c")).ToFastest(new SpeedOptions { Cpu = AnotherProcess(cache, cpu, "a fourth CPU"), CacheFile = cache });
        Assert.That(third.PrecisionReason, Does.EndWith($"timed before ({cache})"));
        Assert.That((third.Bf16, third.ChannelsLast), Is.EqualTo((choice.Bf16, choice.ChannelsLast)));
    }

    [Test]
    public void AnAutomaticRunIsTheRunOfTheSameChoiceMadeExplicitly()
    {
        using var dir = new TempDirectory();
        var auto = SmallCnn(dir.File("auto"));
        var choice = auto.ToFastest(new SpeedOptions { Cpu = NativeCpu, CacheFile = "" });
        var explicitly = SmallCnn(dir.File("explicit"));
        explicitly.ToFastest(new SpeedOptions { Precision = choice.Bf16 ? "bf16" : "fp32", ChannelsLast = choice.ChannelsLast ? "true" : "false" });
        auto.FitOneCycle(2, 1e-2);
        explicitly.FitOneCycle(2, 1e-2);
        Assert.That(auto.Recorder.Losses, Is.EqualTo(explicitly.Recorder.Losses), "the same losses, batch by batch");
        Assert.That(auto.Recorder.Last("accuracy"), Is.EqualTo(explicitly.Recorder.Last("accuracy")));
    }
}
