using FastDays.Persistence;
using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Vision.Images;

/// <summary>Writes a segmentation mask as CamVid stores its labels: a grayscale PNG whose pixel values are the class codes, which MaskBlock reads back.
/// </summary>
public static class MaskPng
{
    /// <summary>Writes a decoded mask (codes 0–255) to path, atomically; returns the file.</summary>
    public static string Save(string path, Data.DecodedMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using var codes = mask.ToTensor();
        return Save(path, codes);
    }

    /// <summary>Writes an integer (height, width) mask of codes 0–255 to path, atomically; returns the file.</summary>
    public static string Save(string path, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.dim() != 2 || mask.is_floating_point())
            throw new ArgumentException($"a mask is an integer (height, width) tensor, got {mask.dtype} {Formats.Shape(mask)}", nameof(mask));
        using var scope = NewDisposeScope();
        var codes = mask.cpu().to_type(ScalarType.Int64);
        if (codes.numel() > 0 && (codes.min().item<long>() < 0 || codes.max().item<long>() > 255))
            throw new ArgumentException($"a mask PNG holds codes 0–255, the mask holds {codes.min().item<long>()}–{codes.max().item<long>()}",
                nameof(mask));
        var (h, w) = ((int)mask.shape[0], (int)mask.shape[1]);
        var pixels = codes.to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        using var gray = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, gray.GetPixels(), pixels.Length);
        AtomicFile.Write(path, stream => gray.Encode(stream, SKEncodedImageFormat.Png, 100));
        return path;
    }
}
