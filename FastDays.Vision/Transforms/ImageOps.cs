using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>Resizing and cropping of single uint8 images with bilinear interpolation (antialiased when shrinking).</summary>
public static class ImageOps
{
    /// <summary>The image resized to height × width.</summary>
    public static Tensor ResizeTo(Tensor image, long height, long width)
    {
        if (image.shape[1] == height && image.shape[2] == width) return image.alias();
        if (image.dtype == ScalarType.Byte && image.shape[0] is (1 or 3) && image.device_type == TorchSharp.DeviceType.CPU)
            return SkiaResize(image, (int)height, (int)width);
        using var scope = NewDisposeScope();
        var x = image.unsqueeze(0).to_type(ScalarType.Float32);
        var y = nn.functional.interpolate(x, [height, width], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        using var s = new ScalarScope();
        return y.round_().clamp_(s.Of(0.0), s.Of(255.0)).to_type(ScalarType.Byte)[0].MoveToOuterDisposeScope();
    }

    private static Tensor SkiaResize(Tensor image, int height, int width)
    {
        using var scope = NewDisposeScope();
        var (c, h, w) = ((int)image.shape[0], (int)image.shape[1], (int)image.shape[2]);
        var hwc = (c == 1 ? image.expand(3, -1, -1) : image).permute(1, 2, 0);
        using var s = new ScalarScope();
        var rgba = cat([hwc, full(h, w, 1, s.Of(255), dtype: ScalarType.Byte)], 2).contiguous();
        using var source = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(rgba.bytes.ToArray(), 0, source.GetPixels(), w * h * 4);
        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        source.ScalePixels(target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Nearest));
        var bytes = new byte[width * height * 4];
        System.Runtime.InteropServices.Marshal.Copy(target.GetPixels(), bytes, 0, bytes.Length);
        var result = tensor(bytes, [height, width, 4]).permute(2, 0, 1)[..c];
        return result.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The crop of an image at (top, left) of height × width.</summary>
    public static Tensor Crop(Tensor image, long top, long left, long height, long width)
    {
        using var scope = NewDisposeScope();
        return image.narrow(1, top, height).narrow(2, left, width).contiguous().MoveToOuterDisposeScope();
    }
}
