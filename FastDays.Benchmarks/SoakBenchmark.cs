using System.Diagnostics;
using FastDays.Examples.Pets;
using FastDays.Vision.Data;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;

namespace FastDays.Benchmarks;

/// <summary>`soak`: a long run of the vision pipeline (image files, loader threads, augmentation, LrFind, a checkpoint every epoch) that
/// reports resident memory, open files and threads after every epoch.</summary>
internal sealed class SoakBenchmark : ExampleCommand<SoakBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "soak";

    /// <inheritdoc />
    public override string Summary => "Memory, file handles and threads over a long vision run with LrFind and a checkpoint every epoch";

    /// <inheritdoc />
    public override int Run(SoakBenchmarkOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        manual_seed(0);
        var folder = FashionImageFolder.Write(data.Train, FashionMnist.Classes, Path.Combine(o.Out, $"images{o.Size + 4}"), data.Train.Count, o.Size + 4);
        var dls = ImageDataLoaders.FromNameRe(folder, FashionImageFolder.LabelPattern, [new Resize(o.Size + 4)],
            Augmentation.AugTransforms(new AugOptions { Size = o.Size, MinScale = 0.75 }, Normalize.ImageNet()), bs: o.Bs, seed: 0);
        var learn = VisionLearners.VisionLearner(dls, VisionArch.SimpleCnn(16, 32, 64, 128), metrics: [Metric.Accuracy()], path: o.Out);
        var suggestion = learn.LrFind().Valley;
        Console.WriteLine($"{dls.Train.Dataset.Count} training images ({dls.Train.Count} batches of {o.Bs}), LrFind valley {suggestion:E2}; {o.Epochs} " +
            "epochs with a checkpoint every epoch");
        var probe = new ResourceProbe();
        var clock = Stopwatch.StartNew();
        learn.FitOneCycle(o.Epochs, Math.Min(suggestion * 10, 1e-2), cbs: [probe, new SaveModelCallback(fname: "soak", everyEpoch: true, withOpt: true)]);
        var rows = probe.Rows;
        var (second, last) = (rows[Math.Min(1, rows.Count - 1)], rows[^1]);
        var growth = (double)(last.Rss - second.Rss) / second.Rss;
        // Files opened since epoch 2 that are not libraries loaded on first use (each loaded assembly holds two descriptors).
        var opened = ResourceProbe.OpenFiles().Except(probe.FilesAfterEpoch2).ToList();
        var leaked = opened.Where(f => !f.EndsWith(".dll", StringComparison.Ordinal) && !f.Contains(".so", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"after epoch 2: {second.Rss / (1 << 20)} MiB, {second.Files} open files, {second.Threads} threads; " +
                          $"after epoch {rows.Count}: {last.Rss / (1 << 20)} MiB, {last.Files} open files, {last.Threads} threads");
        Console.WriteLine("opened since epoch 2: " +
            $"{(opened.Count == 0 ? "nothing" : string.Join(", ", opened.Select(Path.GetFileName).Distinct()))}; other than libraries: {leaked.Count}");
        Console.WriteLine($"resident memory growth {growth:P2} (target < 2%), managed heap {second.ManagedHeap / (1 << 20)} → " +
            $"{last.ManagedHeap / (1 << 20)} MiB, " +
                          $"accuracy {learn.Recorder.Last("accuracy"):F4}, {clock.Elapsed.TotalSeconds:F0} s");
        foreach (var c in Directory.GetFiles(Path.Combine(o.Out, "models"), "soak_*.ckpt")) File.Delete(c);
        return growth < 0.02 && leaked.Count == 0 && last.Threads <= second.Threads + 2 ? 0 : 1;
    }

    private sealed class ResourceProbe : Callback
    {
        public List<(long Rss, long ManagedHeap, int Files, int Threads)> Rows { get; } = [];

        /// <summary>The open files (their targets) after epoch 2, to tell a leak from a library loaded later.</summary>
        public List<string> FilesAfterEpoch2 { get; private set; } = [];

        public override int Order => 95;

        public override void AfterEpoch()
        {
            using var process = Process.GetCurrentProcess();
            var files = OpenFiles();
            var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
            Rows.Add((process.WorkingSet64, heap, files.Count, process.Threads.Count));
            if (Rows.Count == 2) FilesAfterEpoch2 = files;
            Console.WriteLine($"  epoch {Learn.Epoch + 1}: {process.WorkingSet64 / (1 << 20)} MiB resident ({heap / (1 << 20)} MiB managed heap), " +
                $"{files.Count} open files, {process.Threads.Count} threads");
        }

        public static List<string> OpenFiles() => Directory.Exists("/proc/self/fd")
            ? [.. Directory.GetFiles("/proc/self/fd").Select(fd => { try { return new FileInfo(fd).LinkTarget ?? fd; } catch (IOException) { return fd; } })]
            : [];
    }
}
