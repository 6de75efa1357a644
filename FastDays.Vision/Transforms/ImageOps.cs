using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>Resizing and cropping of single uint8 images with bilinear interpolation (antialiased when shrinking).</summary>
public static class ImageOps
{
    /// <summary>The image resized to height × width.</summary>
    public static Tensor ResizeTo(Tensor image, long height, long width)
    {
        if (image.shape[1] == height && image.shape[2] == width) return image.alias();
        using var scope = NewDisposeScope();
        var x = image.unsqueeze(0).to_type(ScalarType.Float32);
        var y = nn.functional.interpolate(x, [height, width], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        return y.round_().clamp_(0, 255).to_type(ScalarType.Byte)[0].MoveToOuterDisposeScope();
    }

    /// <summary>The crop of an image at (top, left) of height × width.</summary>
    public static Tensor Crop(Tensor image, long top, long left, long height, long width) =>
        image.narrow(1, top, height).narrow(2, left, width).contiguous();
}
