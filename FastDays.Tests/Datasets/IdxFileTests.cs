using FastDays.Datasets;
using FastDays.Tests.Support;

namespace FastDays.Tests.Datasets;

public sealed class IdxFileTests
{
    [Test]
    public void ReadsWhatWasWritten()
    {
        using var dir = new TempDirectory();
        var (pixels, labels) = IdxWriter.WritePair(dir.File("i.gz"), dir.File("l.gz"), count: 13, rows: 5, cols: 4);
        var set = IdxFile.ReadPair(dir.File("i.gz"), dir.File("l.gz"));
        Assert.That(set.Count, Is.EqualTo(13));
        Assert.That((set.Height, set.Width), Is.EqualTo((5, 4)));
        Assert.That(set.Pixels, Is.EqualTo(pixels));
        Assert.That(set.Labels, Is.EqualTo(labels));
        using var images = set.ImagesTensor();
        Assert.That(images.shape, Is.EqualTo(new long[] { 13, 1, 5, 4 }));
        Assert.That(images[0, 0, 0, 1].item<float>(), Is.EqualTo(pixels[1] / 255f).Within(1e-7));
    }

    [Test]
    public void TruncatedFileIsNamedInTheError()
    {
        using var dir = new TempDirectory();
        IdxWriter.WritePair(dir.File("i.gz"), dir.File("l.gz"), count: 10);
        var whole = File.ReadAllBytes(dir.File("i.gz"));
        // A gzip stream cut in half: either the decompressor or the length check must name the file.
        File.WriteAllBytes(dir.File("cut.gz"), whole[..(whole.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(dir.File("cut.gz")));
        Assert.That(e!.Message, Does.Contain("cut.gz"));
        // A valid gzip whose content is short: the header promises more images than there are.
        var content = new System.IO.Compression.GZipStream(new MemoryStream(whole), System.IO.Compression.CompressionMode.Decompress);
        var raw = new MemoryStream();
        content.CopyTo(raw);
        IdxWriter.Write(dir.File("short.gz"), raw.ToArray()[..(16 + 28 * 28 * 3)]);
        e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(dir.File("short.gz")));
        Assert.That(e!.Message, Does.Contain("short.gz").And.Contain("truncated"));
    }

    [Test]
    public void CorruptAndWrongFilesAreNamedInTheError()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("garbage.gz"), Enumerable.Range(0, 300).Select(i => (byte)(i * 31)).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(dir.File("garbage.gz")));
        Assert.That(e!.Message, Does.Contain("garbage.gz"));

        IdxWriter.WritePair(dir.File("i.gz"), dir.File("l.gz"), count: 3);
        e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(dir.File("l.gz")));
        Assert.That(e!.Message, Does.Contain("l.gz").And.Contain("not an IDX image file"));

        IdxWriter.WritePair(dir.File("i4.gz"), dir.File("l4.gz"), count: 4);
        e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadPair(dir.File("i.gz"), dir.File("l4.gz")));
        Assert.That(e!.Message, Does.Contain("l4.gz").And.Contain("4 labels"));

        Assert.That(Assert.Throws<FileNotFoundException>(() => IdxFile.ReadLabels(dir.File("absent.gz")))!.Message, Does.Contain("absent.gz"));
    }

    [TestCase("claims.idx", 40_000, 200, 200, "truncated")]
    [TestCase("claims.idx.gz", 40_000, 200, 200, "truncated")]
    [TestCase("overflows.idx.gz", 5, 1_326_482_716, 1_931_239_868, "implausible dimensions")]
    public void AHeaderClaimingGigabytesIsRefusedWithoutAllocatingThem(string name, int count, int rows, int cols, string error)
    {
        // Headers found by the fuzz benchmark: 40,000 images of 200 × 200 (1.6 GB) in a file of a few hundred bytes, plain and
        // compressed, and dimensions whose product overflows even 64 bits.
        using var dir = new TempDirectory();
        var raw = new byte[16 + 300];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw, 0x803);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), count);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(8), rows);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(12), cols);
        if (name.EndsWith(".gz", StringComparison.Ordinal)) IdxWriter.Write(dir.File(name), raw);
        else File.WriteAllBytes(dir.File(name), raw);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(dir.File(name)));
        Assert.That(e!.Message, Does.Contain(name).And.Contain(error));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(64L << 20), "managed bytes allocated");
    }
}
