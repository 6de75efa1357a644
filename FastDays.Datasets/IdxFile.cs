using System.Buffers.Binary;
using System.IO.Compression;

namespace FastDays.Datasets;

/// <summary>Reads the IDX format of MNIST-style data sets, plain or gzip-compressed.</summary>
public static class IdxFile
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <summary>Reads an image file and its label file into one set, checking that they agree.</summary>
    public static LabelledImages ReadPair(string imagesPath, string labelsPath)
    {
        var (pixels, count, rows, cols) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new InvalidDataException($"{labelsPath} holds {labels.Length} labels but {imagesPath} holds {count} images");
        return new LabelledImages(pixels, labels, rows, cols);
    }

    /// <summary>Reads an IDX3 image file: raw pixels, image count, rows and columns.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        using var stream = OpenFile(path);
        return ReadImages(stream, path);
    }

    /// <summary>Reads an IDX3 image stream; name is used in error messages.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(Stream stream, string name)
    {
        CheckMagic(stream, name, ImagesMagic, "image");
        var header = ReadExactly(stream, 12, name, "header");
        var count = BinaryPrimitives.ReadInt32BigEndian(header);
        var rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        var cols = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        if (count < 0 || rows <= 0 || cols <= 0 || (long)rows * cols > int.MaxValue || count > int.MaxValue / (rows * cols))
            throw new InvalidDataException($"{name}: implausible dimensions {count}x{rows}x{cols}");
        var pixels = ReadExactly(stream, count * rows * cols, name, $"{count} images of {rows}x{cols}");
        return (pixels, count, rows, cols);
    }

    /// <summary>Reads an IDX1 label file.</summary>
    public static byte[] ReadLabels(string path)
    {
        using var stream = OpenFile(path);
        return ReadLabels(stream, path);
    }

    /// <summary>Reads an IDX1 label stream; name is used in error messages.</summary>
    public static byte[] ReadLabels(Stream stream, string name)
    {
        CheckMagic(stream, name, LabelsMagic, "label");
        var count = BinaryPrimitives.ReadInt32BigEndian(ReadExactly(stream, 4, name, "header"));
        if (count < 0) throw new InvalidDataException($"{name}: negative label count {count}");
        return ReadExactly(stream, count, name, $"{count} labels");
    }

    /// <summary>Opens a file, decompressing it when its name ends in .gz.</summary>
    public static Stream OpenFile(string path)
    {
        Stream stream = Persistence.SafeFile.OpenRead(path, "data file");
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    private static void CheckMagic(Stream stream, string name, int expected, string kind)
    {
        var magic = BinaryPrimitives.ReadInt32BigEndian(ReadExactly(stream, 4, name, "magic number"));
        if (magic != expected)
            throw new InvalidDataException($"{name}: not an IDX {kind} file (magic 0x{magic:x8}, expected 0x{expected:x8})");
    }

    private static byte[] ReadExactly(Stream stream, int length, string name, string what)
    {
        if (stream.CanSeek && stream.Length - stream.Position < length)
            throw new InvalidDataException($"{name}: truncated: expected {length} bytes for {what}, found {stream.Length - stream.Position}");
        // A compressed stream's length is unknown until it is read: the buffer grows as the bytes arrive, so a header that
        // claims more than the file holds costs at most one chunk.
        var buffer = new byte[Math.Min(length, 1 << 24)];
        var read = 0;
        try
        {
            while (read < length)
            {
                if (read == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0) break;
                read += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{name}: corrupt compressed data while reading {what}: {e.Message}", e);
        }
        if (read < length)
            throw new InvalidDataException($"{name}: truncated: expected {length} bytes for {what}, found {read}");
        return buffer;
    }
}
