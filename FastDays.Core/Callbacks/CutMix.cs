using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's CutMix (Yun et al., 2019): a box of each training image is replaced by the same box of another image of its batch; the box's side
/// ratio is √(1 − λ) for λ drawn from Beta(α, α) once per batch, its centre uniform (clipped at the borders), and λ becomes the share of the image
/// left, which blends the two targets' losses.</summary>
/// <param name="alpha">Beta's concentration; fastai's default 1.</param>
public sealed class CutMix(double alpha = 1.0) : MixHandler(alpha)
{
    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var (x, y) = (Learn.Batch!.X, Learn.Batch.Y);
        if (x.dim() != 4 || !x.is_floating_point())
            throw new ArgumentException($"CutMix needs floating-point images of shape (batch, channels, height, width), got {x.dtype} {Formats.Shape(x)}");
        var (bs, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var drawn = Sample(1, x.device).item<float>();
        Shuffle = randperm(bs, device: x.device);
        Y1 = y.index_select(0, Shuffle);
        var (x1, y1, x2, y2) = RandBbox(w, h, drawn);
        var mixed = x.clone();
        if (x2 > x1 && y2 > y1)
            mixed.narrow(2, y1, y2 - y1).narrow(3, x1, x2 - x1).copy_(x.index_select(0, Shuffle).narrow(2, y1, y2 - y1).narrow(3, x1, x2 - x1));
        Lam = tensor(1 - (double)(x2 - x1) * (y2 - y1) / (w * h), ScalarType.Float32, x.device);
        SetBatch(mixed, y);
    }

    // fastai's rand_bbox: sides √(1 − λ) of the image's, rounded; a centre drawn uniformly from torch's generator; corners clipped to the image.
    private static (long X1, long Y1, long X2, long Y2) RandBbox(long w, long h, double lam)
    {
        var cut = Math.Sqrt(1 - lam);
        var (cutW, cutH) = ((long)Math.Round(w * cut, MidpointRounding.ToEven), (long)Math.Round(h * cut, MidpointRounding.ToEven));
        long cx, cy;
        using (var r = randint(0, w, [1])) cx = r.item<long>();
        using (var r = randint(0, h, [1])) cy = r.item<long>();
        return (Math.Clamp(cx - cutW / 2, 0, w), Math.Clamp(cy - cutH / 2, 0, h), Math.Clamp(cx + cutW / 2, 0, w), Math.Clamp(cy + cutH / 2, 0, h));
    }
}
