using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Vision.Callbacks;

/// <summary>Progressive resizing (the book's chapter 7) inside one fit: training images are scaled down to a size that grows from startSize at the
/// first epoch to their own size by the fraction pct of the fit, then kept whole; validation batches are never resized.</summary>
/// <remarks>Early epochs at a smaller size cost about (size / full size)² as much, so a fixed budget holds more epochs. The size depends on the epoch
/// alone, so a resumed fit resizes as the uninterrupted one did.</remarks>
/// <param name="startSize">The side of the training images in the first epoch, in pixels.</param>
/// <param name="pct">The fraction of the fit's epochs over which the size grows to the images' own.</param>
public sealed class ProgressiveResizing(int startSize, double pct = 0.5) : Callback
{
    /// <summary>The side of the training images in the first epoch.</summary>
    public int StartSize { get; } = startSize >= 1 ? startSize : throw new ArgumentOutOfRangeException(nameof(startSize), startSize, "must be at least 1");

    /// <summary>The fraction of the fit's epochs over which the size grows.</summary>
    public double Pct { get; } = pct is >= 0 and <= 1 ? pct : throw new ArgumentOutOfRangeException(nameof(pct), pct, "must be between 0 and 1");

    /// <summary>Before MixUp and CutMix (5) and MixedPrecision (10): they see the resized images.</summary>
    public override int Order => 3;

    /// <summary>Training batches only.</summary>
    public override bool RunValid => false;

    /// <summary>The side of the training images in an epoch of a fit of nEpoch epochs whose images are fullSize pixels: even sizes growing linearly
    /// from StartSize, fullSize from the epoch Pct · nEpoch on (or when StartSize is not smaller).</summary>
    public int SizeAt(int epoch, int nEpoch, int fullSize)
    {
        var growing = (int)Math.Round(Pct * nEpoch);
        if (StartSize >= fullSize || epoch >= growing) return fullSize;
        var size = StartSize + (fullSize - StartSize) * (double)epoch / growing;
        return Math.Min(fullSize, 2 * (int)Math.Round(size / 2));
    }

    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var batch = Learn.Batch!;
        var x = batch.X;
        if (x.dim() != 4 || x.shape[^1] != x.shape[^2])
            throw new InvalidOperationException($"progressive resizing takes square images (batch, channels, side, side), not {Formats.Shape(x)}");
        var full = (int)x.shape[^1];
        var size = SizeAt(Learn.Epoch, Learn.NEpoch, full);
        if (size == full) return;
        var scaled = nn.functional.interpolate(x, [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        Learn.Batch = batch.WithX(scaled);
    }
}
