using System.Diagnostics;
using FastDays.Onnx;

namespace FastDays.Benchmarks;

/// <summary>`onnx`: an image export run by FastDays (libtorch) and, written by ExportOnnx, by ONNX Runtime — the time to load each, and images per
/// second on the same batches, the two engines alternated.</summary>
internal sealed class OnnxBenchmark : ExampleCommand<OnnxBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "onnx";

    /// <inheritdoc />
    public override string Summary => "An image export in FastDays (libtorch) and in ONNX Runtime: load time and images per second, alternated";

    /// <inheritdoc />
    public override int Run(OnnxBenchmarkOptions o)
    {
        var clock = Stopwatch.StartNew();
        var learn = ExportExtensions.LoadLearner(o.Export);
        var torchLoad = clock.Elapsed.TotalSeconds;
        var onnxPath = Path.Combine(Path.GetTempPath(), $"fastdays-bench-{Environment.ProcessId}.onnx");
        try
        {
            learn.ExportOnnx(onnxPath);
            clock.Restart();
            using var onnx = new OnnxModel(onnxPath);
            var onnxLoad = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{o.Export}: load {torchLoad:F2} s in FastDays (libtorch first, so its native start is in it), " +
                $"{onnxLoad:F2} s in ONNX Runtime (its native start included); {Environment.ProcessorCount} cores");
            manual_seed(0);
            using var x = rand([o.Bs, .. onnx.InputShape[1..]]);
            var flat = x.data<float>().ToArray();
            for (var i = 0; i < 3; i++)
            {
                learn.GetPreds(x).Dispose();   // warm up both
                onnx.Run(flat, o.Bs);
            }
            for (var round = 1; round <= o.Rounds; round++)
            {
                clock.Restart();
                for (var b = 0; b < o.Batches; b++) learn.GetPreds(x).Dispose();
                var torch = o.Batches * o.Bs / clock.Elapsed.TotalSeconds;
                clock.Restart();
                for (var b = 0; b < o.Batches; b++) onnx.Run(flat, o.Bs);
                var ort = o.Batches * o.Bs / clock.Elapsed.TotalSeconds;
                Console.WriteLine($"round {round}: FastDays {torch:F0} images/s, ONNX Runtime {ort:F0} images/s ({ort / torch:F2}×), batches of {o.Bs}");
            }
            return 0;
        }
        finally
        {
            learn.Model.Dispose();
            File.Delete(onnxPath);
        }
    }
}
