using static TorchSharp.torch;

namespace FastDays.Datasets;

/// <summary>Grayscale images stored as raw bytes (row-major, one byte per pixel) with one class label each.</summary>
public sealed class LabelledImages
{
    /// <summary>Creates a set from raw pixels (count × height × width bytes) and labels (count bytes).</summary>
    public LabelledImages(byte[] pixels, byte[] labels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (height <= 0 || width <= 0) throw new ArgumentException($"image size must be positive, got {height}x{width}");
        if (pixels.Length != (long)labels.Length * height * width)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not make {labels.Length} images of {height}x{width}");
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
    }

    /// <summary>The pixels of all images, image after image, row after row.</summary>
    public byte[] Pixels { get; }

    /// <summary>The class index of every image.</summary>
    public byte[] Labels { get; }

    /// <summary>The image height in pixels.</summary>
    public int Height { get; }

    /// <summary>The image width in pixels.</summary>
    public int Width { get; }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The images as a float tensor of shape (count, 1, height, width) scaled to [0, 1].</summary>
    public Tensor ImagesTensor(ScalarType dtype = ScalarType.Float32)
    {
        using var bytes = tensor(Pixels, new long[] { Count, 1, Height, Width });
        using var scalars = new ScalarScope();
        return bytes.to_type(dtype).div_(scalars.Of(255.0));
    }

    /// <summary>The labels as an int64 tensor of shape (count).</summary>
    public Tensor LabelsTensor()
    {
        using var bytes = tensor(Labels, new long[] { Count });
        return bytes.to_type(ScalarType.Int64);
    }

    /// <summary>The subset of the images at the given indices, in that order.</summary>
    public LabelledImages Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var size = Height * Width;
        var pixels = new byte[indices.Count * size];
        var labels = new byte[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Array.Copy(Pixels, (long)indices[i] * size, pixels, (long)i * size, size);
            labels[i] = Labels[indices[i]];
        }
        return new LabelledImages(pixels, labels, Height, Width);
    }
}
