using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>Normalises images (or an untyped first input) channel by channel (dimension 1) with a mean and standard deviation, on the device (fastai's
/// Normalize).</summary>
public sealed class Normalize : IBatchTransform
{
    /// <summary>Creates the transform from per-channel means and standard deviations (one value applies to every channel).</summary>
    public Normalize(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException($"Normalize needs as many means as standard deviations, got {mean.Count} and {std.Count}");
        if (std.Any(s => !(s > 0)))
            throw new ArgumentException($"Normalize needs positive standard deviations, got {string.Join(", ", std)}");
        (Mean, Std) = ([.. mean], [.. std]);
    }

    /// <summary>ImageNet's channel statistics, for pretrained models.</summary>
    public static Normalize ImageNet() => new([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);

    /// <summary>Statistics computed per channel from a batch of inputs (batch, channels, ...).</summary>
    public static Normalize FromStats(Tensor x)
    {
        using var scope = NewDisposeScope();
        var dims = Enumerable.Range(0, (int)x.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        var xf = x.to_type(ScalarType.Float64);
        return new([.. xf.mean(dims).data<double>()], [.. xf.std(dims).data<double>()]);
    }

    /// <summary>The per-channel means.</summary>
    public double[] Mean { get; }

    /// <summary>The per-channel standard deviations.</summary>
    public double[] Std { get; }

    /// <inheritdoc />
    public Batch Apply(Batch batch, bool training)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var i in batch.IndicesOf(TensorType.Image)) batch = batch.With(i, Forward(batch.Parts[i]));
        return batch;
    }

    /// <summary>Normalises a float tensor of shape (batch, channels, ...); uint8 images are scaled to [0, 1] first, in the same pass (fastai's
    /// IntToFloatTensor fused in).</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.dtype == ScalarType.Byte) return Scaled(x, 1.0 / 255);
        if (!x.is_floating_point()) throw new ArgumentException($"Normalize needs float or uint8 inputs, got {x.dtype} of shape {Formats.Shape(x)}");
        if (x.dim() < 2 || (Mean.Length > 1 && x.shape[1] != Mean.Length))
            throw new ArgumentException($"Normalize has {Mean.Length} channel statistics but the inputs have shape {Formats.Shape(x)}");
        var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
        shape[1] = Mean.Length;
        using var scope = NewDisposeScope();
        var mean = tensor(Mean, dtype: x.dtype, device: x.device).reshape(shape);
        var std = tensor(Std, dtype: x.dtype, device: x.device).reshape(shape);
        return x.sub(mean).div_(std).MoveToOuterDisposeScope();
    }

    /// <summary>Undoes the normalisation (fastai's decodes) of images shaped (…, channels, height, width) — one image or a batch — for display.
    /// </summary>
    public Tensor Decode(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 3 || (Mean.Length > 1 && x.shape[^3] != Mean.Length))
            throw new ArgumentException($"Normalize decodes (…, {Mean.Length}, height, width) images, got {Formats.Shape(x)}");
        using var scope = NewDisposeScope();
        var shape = new long[] { Mean.Length, 1, 1 };
        var mean = tensor(Mean, dtype: x.dtype, device: x.device).reshape(shape);
        var std = tensor(Std, dtype: x.dtype, device: x.device).reshape(shape);
        return x.mul(std).add_(mean, ScalarScope.One).MoveToOuterDisposeScope();
    }

    private Tensor Scaled(Tensor x, double scale)
    {
        if (x.dim() < 2 || (Mean.Length > 1 && x.shape[1] != Mean.Length))
            throw new ArgumentException($"Normalize has {Mean.Length} channel statistics but the inputs have shape {Formats.Shape(x)}");
        var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
        shape[1] = Mean.Length;
        // (x·scale − mean) / std = x·(scale/std) − mean/std: a conversion and two in-place passes.
        using var scope = NewDisposeScope();
        var a = tensor(Std.Select(s => scale / s).ToArray(), dtype: ScalarType.Float32, device: x.device).reshape(shape);
        var b = tensor(Mean.Zip(Std, (m, s) => m / s).ToArray(), dtype: ScalarType.Float32, device: x.device).reshape(shape);
        return x.to_type(ScalarType.Float32).mul_(a).sub_(b).MoveToOuterDisposeScope();
    }
}
