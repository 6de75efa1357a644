using System.Diagnostics;
using FastDays.Examples.Pets;
using FastDays.Vision.Data;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;

namespace FastDays.Benchmarks;

/// <summary>`stress`: trains on tiny PNG images through the whole vision pipeline with garbage collections forced all the time, to flush out
/// native memory freed by the finalizer while libtorch still uses it.</summary>
internal sealed class StressBenchmark : ExampleCommand<StressBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "stress";

    /// <inheritdoc />
    public override string Summary => "Vision training with forced garbage collections between batches and from a second thread";

    /// <inheritdoc />
    public override int Run(StressBenchmarkOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        manual_seed(0);

        // Small PNG files decoded in parallel, presized on the loader's thread, warped and normalised on the device: every stage that makes tensors.
        var folder = FashionImageFolder.Write(data.Train, FashionMnist.Classes, Path.Combine(o.Out, $"images{o.Size + 4}"), o.Items, o.Size + 4);
        var dls = ImageDataLoaders.FromNameRe(folder, FashionImageFolder.LabelPattern, [new Resize(o.Size + 4)],
            Augmentation.AugTransforms(new AugOptions { Size = o.Size, MinScale = 0.75 }, Normalize.ImageNet()), bs: o.Bs, seed: 0);
        var learn = VisionLearners.VisionLearner(dls, VisionArch.SimpleCnn(8, 16, 32), metrics: [Metric.Accuracy()], path: o.Out);
        using var noBar = learn.NoBar();   // one line per 1,000 batches instead of the epoch table
        var epochs = (o.Batches + dls.Train.Count - 1) / dls.Train.Count;
        Console.WriteLine($"{dls.Train.Dataset.Count} training images of {o.Size}×{o.Size} in batches of {o.Bs}: {dls.Train.Count} batches per epoch, " +
                          $"{epochs} epochs ({epochs * dls.Train.Count} batches); collections after every " +
                              $"batch{(o.GcThread ? " and from a second thread" : "")}");

        using var stop = new CancellationTokenSource();
        var collector = new Thread(() => { while (!stop.IsCancellationRequested) { GC.Collect(); GC.WaitForPendingFinalizers(); } }) { IsBackground = true };
        if (o.GcThread) collector.Start();
        var clock = Stopwatch.StartNew();
        var gcBefore = GC.CollectionCount(0);
        var counter = new CollectEveryBatch(clock);
        try { learn.Fit(epochs, 1e-3, cbs: [counter]); }
        finally { stop.Cancel(); }
        Console.WriteLine($"stress: {counter.Batches} training batches in {clock.Elapsed.TotalSeconds:F0} s without a failure, " +
                          $"{GC.CollectionCount(0) - gcBefore} garbage collections; valid accuracy {learn.Recorder.Last("accuracy"):F3}");
        return counter.Batches >= o.Batches ? 0 : 1;
    }

    private sealed class CollectEveryBatch(Stopwatch clock) : Callback
    {
        public int Batches { get; private set; }

        public override void AfterBatch()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (Learn.Training && ++Batches % 1000 == 0) Console.WriteLine($"  {Batches} batches, {clock.Elapsed.TotalSeconds:F0} s");
        }
    }
}
