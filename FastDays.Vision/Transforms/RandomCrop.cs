using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>torchvision's RandomCrop(size, padding) as a batch transform: zero-pad every image by padding, then crop size × size at a random place
/// per training image (the centre on validation batches); put it before Normalize so that the padding is black, not the mean; masks and points
/// move with the images.</summary>
public sealed class RandomCrop(int size, int padding = 0, int seed = 0) : RandomBatchTransform(seed)
{
    /// <summary>The side of the square output.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size), size, "the size must be positive");

    /// <summary>The zeros added on every side before cropping.</summary>
    public int Padding { get; } = padding >= 0 ? padding : throw new ArgumentOutOfRangeException(nameof(padding), padding, "the padding must be 0 or more");

    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var x = batch.X;
        if (x.dim() != 4) throw new ArgumentException($"RandomCrop needs (batch, channels, height, width) images, got {Formats.Shape(x)}");
        var (n, h, w) = (x.shape[0], x.shape[2] + 2 * Padding, x.shape[3] + 2 * Padding);
        if (h < Size || w < Size) throw new ArgumentException($"RandomCrop({Size}, padding {Padding}) cannot crop images of {Formats.Shape(x)}");
        var corners = new (long Top, long Left)[n];
        for (var i = 0; i < n; i++) corners[i] = training ? (rng.NextInt64(h - Size + 1), rng.NextInt64(w - Size + 1)) : ((h - Size) / 2, (w - Size) / 2);
        using var scope = NewDisposeScope();
        var parts = batch.Parts.ToArray();
        foreach (var i in batch.IndicesOf(TensorType.Image)) parts[i] = Crop(parts[i], corners);
        foreach (var i in batch.IndicesOf(TensorType.Mask)) parts[i] = Crop(parts[i].unsqueeze(1), corners).squeeze(1);
        foreach (var i in batch.IndicesOf(TensorType.Points))
        {
            // pixel = (u + 1)·W/2, shifted by the padding and the corner, back to [-1, 1] of the crop
            var shift = tensor(corners.SelectMany(c => new[] { (double)Padding - c.Left, (double)Padding - c.Top }).ToArray(), [n, 1, 2],
                dtype: parts[i].dtype, device: parts[i].device);
            var half = tensor(new[] { x.shape[3] / 2.0, x.shape[2] / 2.0 }, dtype: parts[i].dtype, device: parts[i].device);
            using var s = new ScalarScope();
            parts[i] = parts[i].add(s.Of(1.0), ScalarScope.One).mul(half).add_(shift, ScalarScope.One).mul_(s.Of(2.0 / Size))
                .add_(s.Of(-1.0), ScalarScope.One);
        }
        for (var i = 0; i < parts.Length; i++)
            if (!ReferenceEquals(parts[i], batch.Parts[i])) parts[i].MoveToOuterDisposeScope();
        return batch.WithParts(parts);
    }

    private Tensor Crop(Tensor x, (long Top, long Left)[] corners)
    {
        var padded = Padding == 0 ? x : nn.functional.pad(x, [Padding, Padding, Padding, Padding]);
        return stack([.. corners.Select((c, i) => padded[i].narrow(1, c.Top, Size).narrow(2, c.Left, Size))]);
    }
}
