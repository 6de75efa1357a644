using System.Diagnostics;
using FastDays.Interop;
using FastDays.Vision.Models;

namespace FastDays.Benchmarks;

/// <summary>`weights FILE...`: time to read a weights file and load it into FastDays' ResNet-18, with the process's peak memory.</summary>
internal sealed class WeightsBenchmark : ExampleCommand<WeightsBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "weights";

    /// <inheritdoc />
    public override string Summary => "Read ResNet-18 weight files (.pt zip/legacy, .safetensors) and load them into ResNet-18: time and peak memory";

    /// <inheritdoc />
    public override int Run(WeightsBenchmarkOptions o)
    {
        var files = o.Files.ToList();
        if (files.Count == 0) { Console.Error.WriteLine("usage: weights FILE... (e.g. a torchvision resnet18 state dict)"); return 2; }
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"process memory before: {process.WorkingSet64 >> 20} MiB");
        foreach (var file in files)
        {
            var read = new List<double>();
            var load = new List<double>();
            for (var r = 0; r < o.Repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                var sd = WeightsFile.ReadStateDict(file);
                read.Add(clock.Elapsed.TotalMilliseconds);
                foreach (var t in sd.Values) t.Dispose();
                var model = ResNet.ResNet18(numClasses: 10);
                clock.Restart();
                model.LoadPyTorchWeights(file, strict: false);
                load.Add(clock.Elapsed.TotalMilliseconds);
                model.Dispose();
            }
            process.Refresh();
            Console.WriteLine($"{Path.GetFileName(file),-28} {new FileInfo(file).Length >> 20} MiB  read {read.Min():F0} ms (median " +
                $"{read.Order().ElementAt(read.Count / 2):F0})  " +
                              $"read+load into ResNet-18 {load.Min():F0} ms  peak working set so far {process.PeakWorkingSet64 >> 20} MiB");
        }
        return 0;
    }
}
