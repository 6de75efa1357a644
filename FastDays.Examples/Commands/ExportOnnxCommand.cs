using System.Diagnostics;
using FastDays.Onnx;
using FastDays.Tabular.Models;

namespace FastDays.Examples.Commands;

/// <summary>`export-onnx EXPORT`: writes the export's model as ONNX (normalisation and activation inside), then loads it in ONNX Runtime and compares
/// its outputs with FastDays' on a batch of random inputs.</summary>
internal sealed class ExportOnnxCommand : ExampleCommand<ExportOnnxOptions>
{
    /// <inheritdoc />
    public override string Name => "export-onnx";

    /// <inheritdoc />
    public override string Summary => "Write an export's model as ONNX and check ONNX Runtime's outputs against FastDays'";

    /// <inheritdoc />
    public override int Run(ExportOnnxOptions o)
    {
        var learn = ExportExtensions.LoadLearner(o.Export);
        try
        {
            var path = o.Onnx.Length > 0 ? o.Onnx : Path.ChangeExtension(o.Export, ".onnx");
            var clock = Stopwatch.StartNew();
            learn.ExportOnnx(path);
            using var onnx = new OnnxModel(path);
            Console.WriteLine($"{path}: {new FileInfo(path).Length / 1e6:F1} MB, written and loaded by ONNX Runtime in {clock.Elapsed.TotalSeconds:F1} s; " +
                $"input float32 ({string.Join(", ", onnx.InputShape.Select(d => d < 0 ? "batch" : $"{d}"))}) — " +
                (learn.Model is TabularModel ? "categorical codes, then continuous values as TabularProcessor.Process gives them"
                    : "pixels in 0–1 after the export's batch transforms (ImageInference.BatchInput); the normalisation is inside") +
                $"; output: {learn.Activation} over {(onnx.Classes.Count > 0 ? string.Join(", ", onnx.Classes) : "the outputs")}");
            manual_seed(0);
            using var x = learn.Model is TabularModel t ? cat([zeros(8, t.NCat), randn(8, t.NCont)], 1) : rand([8, .. onnx.InputShape[1..]]);
            var (values, _) = onnx.Run(x);
            using var reference = learn.GetPreds(x);
            var expected = reference.contiguous().data<float>().ToArray();
            var worst = values.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
            Console.WriteLine($"ONNX Runtime against FastDays on 8 random inputs: largest difference {worst:E2}");
            return worst <= 1e-4 ? 0 : 1;
        }
        finally
        {
            learn.Model.Dispose();
        }
    }
}
