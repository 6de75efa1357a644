using System.Runtime.InteropServices;
using FastDays.Persistence;
using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Vision.Images;

/// <summary>Decodes JPEG, PNG, BMP, GIF and WebP files with SkiaSharp into uint8 (channels, height, width) tensors, honouring EXIF orientation.</summary>
public static class ImageDecoder
{
    /// <summary>The most pixels an image may have (Pillow's MAX_IMAGE_PIXELS, about 89 million); a header claiming more is refused before its pixels
    /// are allocated.</summary>
    public static long MaxImagePixels { get; set; } = 89_478_485;

    /// <summary>The largest image file read (256 MiB): a file claiming more is refused before it is read.</summary>
    public static long MaxFileBytes { get; set; } = 256L << 20;

    // The bytes of an image file: a regular file of at most MaxFileBytes; every failure names the file.
    private static byte[] ReadFile(string path)
    {
        try { return SafeFile.ReadAllBytes(path, MaxFileBytes, "image"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message})", e);
        }
    }

    private static SKImageInfo CheckedInfo(SKCodec codec, string source)
    {
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0) throw new InvalidDataException($"{source}: the image claims to be {w}×{h} pixels");
        if ((long)w * h > MaxImagePixels)
            throw new InvalidDataException($"{source}: the image claims {w}×{h} = {(long)w * h:N0} pixels, more than ImageDecoder.MaxImagePixels " +
                $"({MaxImagePixels:N0}); a decompression bomb?");
        return new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
    }

    /// <summary>Decodes a file; corrupt, truncated, empty, unreadable and non-image files give an InvalidDataException naming the file.</summary>
    public static Tensor Decode(string path, ImageMode mode = ImageMode.Rgb)
    {
        var data = ReadFile(path);
        return Decode(data, path, mode);
    }

    /// <summary>Decodes encoded image bytes; source names them in errors.</summary>
    public static Tensor Decode(byte[] data, string source, ImageMode mode = ImageMode.Rgb)
    {
        var (pixels, height, width) = DecodeRgba(data, source);
        using var scope = NewDisposeScope();
        var hwc = tensor(pixels, [height, width, 4]);
        var rgb = hwc[.., .., ..3];
        Tensor result = mode == ImageMode.Rgb
            ? rgb.permute(2, 0, 1)
            : ToGray(rgb).unsqueeze(0);
        return result.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The image as an upright SkiaSharp bitmap for item transforms that draw it before the tensor: in the platform's native colour type,
    /// premultiplied (opaque for JPEG), the layout Skia draws from fastest.</summary>
    public static SKBitmap DecodeBitmap(string path)
    {
        var data = ReadFile(path);
        if (data.Length == 0) throw new InvalidDataException($"{path}: the file is empty");
        using (var stream = new SKMemoryStream(data))
        using (var codec = SKCodec.Create(stream))
        {
            if (codec is not null && codec.EncodedOrigin == SKEncodedOrigin.TopLeft)
            {
                // Upright already: decode straight into the bitmap. SkiaSharp 3 resizes a native premultiplied bitmap 6× faster than RGBA
                // unpremultiplied (96 against 600 µs for 256 → 224 pixels).
                var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
                var info = CheckedInfo(codec, path).WithColorType(SKImageInfo.PlatformColorType).WithAlphaType(alpha);
                var direct = new SKBitmap(info);
                var status = codec.GetPixels(info, direct.GetPixels());
                if (status == SKCodecResult.Success) return direct;
                direct.Dispose();
            }
        }
        var (pixels, height, width) = DecodeRgba(data, path);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    /// <summary>An RGBA or BGRA bitmap (another colour type is converted first) as a uint8 (channels, height, width) tensor of the mode's channels.
    /// </summary>
    public static Tensor ToTensor(SKBitmap bitmap, ImageMode mode = ImageMode.Rgb)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType is not (SKColorType.Rgba8888 or SKColorType.Bgra8888))
        {
            using var rgba = bitmap.Copy(SKColorType.Rgba8888) ?? throw new InvalidDataException($"cannot convert a {bitmap.ColorType} bitmap to RGBA");
            return ToTensor(rgba, mode);
        }
        var bytes = new byte[bitmap.Width * bitmap.Height * 4];
        Marshal.Copy(bitmap.GetPixels(), bytes, 0, bytes.Length);
        using var scope = NewDisposeScope();
        var hwc = tensor(bytes, [bitmap.Height, bitmap.Width, 4]);
        var rgb = bitmap.ColorType == SKColorType.Bgra8888 ? hwc.index_select(2, tensor(new long[] { 2, 1, 0 })) : hwc[.., .., ..3];
        Tensor result = mode == ImageMode.Rgb ? rgb.permute(2, 0, 1) : ToGray(rgb).unsqueeze(0);
        return result.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The image as unpremultiplied RGBA bytes, row by row, already turned upright by its EXIF orientation.</summary>
    public static (byte[] Pixels, int Height, int Width) DecodeRgba(byte[] data, string source)
    {
        if (data.Length == 0) throw new InvalidDataException($"{source}: the file is empty");
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var result)
            ?? throw new InvalidDataException($"{source}: not an image in a supported format (JPEG, PNG, BMP, GIF, WebP): {result}");
        var info = CheckedInfo(codec, source);
        var pixels = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            var status = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (status != SKCodecResult.Success)
                throw new InvalidDataException($"{source}: {(status == SKCodecResult.IncompleteInput ? "truncated image data" : $"corrupt image ({status})")}");
        }
        finally { handle.Free(); }
        return Orient(pixels, info.Height, info.Width, codec.EncodedOrigin);
    }

    private static Tensor ToGray(Tensor rgb)
    {
        // Pillow's L = (R·19595 + G·38470 + B·7471 + 0x8000) >> 16, in integers.
        using var s = new ScalarScope();
        var w = rgb.to_type(ScalarType.Int32);
        var l = w[.., .., 0].mul(s.Of(19595)).add(w[.., .., 1], s.Of(38470)).add(w[.., .., 2], s.Of(7471)).add(s.Of(0x8000),
            ScalarScope.One).bitwise_right_shift(16);
        return l.to_type(ScalarType.Byte);
    }

    private static (byte[], int, int) Orient(byte[] pixels, int height, int width, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return (pixels, height, width);
        var transposed = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (h, w) = transposed ? (width, height) : (height, width);
        var output = new byte[pixels.Length];
        ReadOnlySpan<int> src = MemoryMarshal.Cast<byte, int>(pixels.AsSpan());
        var dst = MemoryMarshal.Cast<byte, int>(output.AsSpan());
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                // (sx, sy): where the upright pixel (x, y) is stored, for each of the EXIF orientations 2-8.
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (width - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (width - 1 - x, height - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, height - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, height - 1 - x),
                    SKEncodedOrigin.RightBottom => (width - 1 - y, height - 1 - x),
                    SKEncodedOrigin.LeftBottom => (width - 1 - y, x),
                    _ => (x, y),
                };
                dst[y * w + x] = src[sy * width + sx];
            }
        return (output, h, w);
    }
}
