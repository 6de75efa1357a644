using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>torchvision's RandomCrop(size, padding) as a batch transform: zero-pad every image by padding, then crop size × size at a random place
/// per training image (the centre on validation batches); put it before Normalize so that the padding is black, not the mean.</summary>
public sealed class RandomCrop(int size, int padding = 0, int seed = 0) : RandomBatchTransform(seed)
{
    /// <summary>The side of the square output.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size), size, "the size must be positive");

    /// <summary>The zeros added on every side before cropping.</summary>
    public int Padding { get; } = padding >= 0 ? padding : throw new ArgumentOutOfRangeException(nameof(padding), padding, "the padding must be 0 or more");

    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        var x = batch.X;
        if (x.dim() != 4) throw new ArgumentException($"RandomCrop needs (batch, channels, height, width) images, got {Formats.Shape(x)}");
        var (n, h, w) = (x.shape[0], x.shape[2] + 2 * Padding, x.shape[3] + 2 * Padding);
        if (h < Size || w < Size) throw new ArgumentException($"RandomCrop({Size}, padding {Padding}) cannot crop images of {Formats.Shape(x)}");
        using var scope = NewDisposeScope();
        var padded = Padding == 0 ? x : nn.functional.pad(x, [Padding, Padding, Padding, Padding]);
        Tensor output;
        if (!training) output = padded.narrow(2, (h - Size) / 2, Size).narrow(3, (w - Size) / 2, Size).contiguous();
        else
        {
            output = empty([n, x.shape[1], Size, Size], dtype: x.dtype, device: x.device);
            for (var i = 0; i < n; i++)
            {
                using var crop = padded[i].narrow(1, rng.NextInt64(h - Size + 1), Size).narrow(2, rng.NextInt64(w - Size + 1), Size);
                using var target = output[i];
                target.copy_(crop);
            }
        }
        return batch.WithX(output.MoveToOuterDisposeScope());
    }
}
