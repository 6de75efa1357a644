using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FastDays.Onnx;

/// <summary>An ONNX file written by ExportOnnx, run by ONNX Runtime (no libtorch): float32 inputs in, the activated outputs out.</summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Loads the file (ONNX Runtime checks the graph as it loads it).</summary>
    public OnnxModel(string path)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try { _session = new InferenceSession(path, options); }
        catch (OnnxRuntimeException e) { throw new InvalidDataException($"{path}: ONNX Runtime refused the model ({e.Message})", e); }
        var metadata = _session.ModelMetadata.CustomMetadataMap;
        Classes = metadata.TryGetValue("classes", out var classes) && classes.Length > 0 ? classes.Split('\n') : [];
        InputShape = [.. _session.InputMetadata["input"].Dimensions.Select(d => (long)d)];
    }

    /// <summary>The classes, in output order (empty for regression).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The input's shape, -1 for the batch dimension.</summary>
    public long[] InputShape { get; }

    /// <summary>The outputs for a batch given as flat float32 values of shape (batch, …InputShape[1..]): (batch, outputs) flattened, and the
    /// number of outputs per row.</summary>
    public (float[] Values, int Width) Run(float[] input, int batch)
    {
        ArgumentNullException.ThrowIfNull(input);
        long[] shape = [batch, .. InputShape[1..]];
        if (input.LongLength != shape.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"{input.Length} values do not make a batch of shape ({string.Join(", ", shape)})");
        var tensor = new DenseTensor<float>(input, [.. shape.Select(d => (int)d)]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
        var output = results[0].AsTensor<float>();
        return (output.ToArray(), (int)(output.Length / batch));
    }

    /// <summary>The outputs for a batch given as a float32 tensor of shape (batch, …InputShape[1..]), as Run(float[], int) gives them.</summary>
    public (float[] Values, int Width) Run(TorchSharp.torch.Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dtype != TorchSharp.torch.ScalarType.Float32 || input.dim() == 0)
            throw new ArgumentException($"ONNX Runtime takes a float32 batch here, not {input.dtype} of shape ({string.Join(", ", input.shape)})");
        using var cpu = input.detach().cpu().contiguous();
        return Run(cpu.data<float>().ToArray(), (int)input.shape[0]);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
