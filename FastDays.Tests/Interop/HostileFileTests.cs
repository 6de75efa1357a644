using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FastDays.Interop;
using FastDays.Tests.Support;
using FastDays.Vision.Images;
using SkiaSharp;

namespace FastDays.Tests.Interop;

/// <summary>Files made to hurt the readers: each is refused with an InvalidDataException naming the file, without crashing the process or allocating
/// what the file claims.</summary>
[NonParallelizable]
public sealed class HostileFileTests
{
    // --- a few pickle opcodes (protocol 2), enough to build hostile files by hand ---
    private static byte[] Unicode(string s) { var b = Encoding.UTF8.GetBytes(s); return [(byte)'X', .. Le32((uint)b.Length), .. b]; }
    private static byte[] Global(string module, string name) => [(byte)'c', .. Encoding.ASCII.GetBytes($"{module}\n{name}\n")];
    private static byte[] Le32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
    private static byte[] Pickle(params byte[][] body) => [0x80, 2, .. body.SelectMany(b => b), (byte)'.'];

    private static string TorchZip(TempDirectory dir, byte[] pickle, params (string Name, byte[] Data)[] storages)
    {
        var path = dir.File("hostile.pt");
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        void Add(string name, byte[] data) { using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open(); s.Write(data); }
        Add("archive/data.pkl", pickle);
        Add("archive/version", "3\n"u8.ToArray());
        foreach (var (name, data) in storages) Add($"archive/data/{name}", data);
        return path;
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try { action(); } catch (InvalidDataException) { }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void AnImageClaimingTenBillionPixelsIsRefusedBeforeItsPixelsAreAllocated()
    {
        using var dir = new TempDirectory();
        // A PNG whose header says 100,000 × 100,000 (valid CRC), then a JPEG whose frame header says 65,000 × 65,000.
        File.WriteAllBytes(dir.File("bomb.png"), ImageBombs.Png(100_000, 100_000));
        var jpeg = SmallJpeg();
        var sof = Enumerable.Range(0, jpeg.Length - 1).First(i => jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 65_000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 65_000);
        File.WriteAllBytes(dir.File("bomb.jpg"), jpeg);
        foreach (var file in new[] { "bomb.png", "bomb.jpg" })
        {
            var path = dir.File(file);
            Assert.That(() => ImageDecoder.Decode(path),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("MaxImagePixels"));
            Assert.That(() => ImageDecoder.DecodeBitmap(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("MaxImagePixels"));
            Assert.That(Allocated(() => ImageDecoder.Decode(path)), Is.LessThan(1 << 20), $"{file}: nothing of the claimed size was allocated");
        }
        // The limit is a setting, like Pillow's Image.MAX_IMAGE_PIXELS.
        File.WriteAllBytes(dir.File("small.jpg"), SmallJpeg());
        var saved = ImageDecoder.MaxImagePixels;
        try
        {
            ImageDecoder.MaxImagePixels = 100;
            Assert.That(() => ImageDecoder.Decode(dir.File("small.jpg")), Throws.TypeOf<InvalidDataException>());
        }
        finally { ImageDecoder.MaxImagePixels = saved; }
        using var ok = ImageDecoder.Decode(dir.File("small.jpg"));
        Assert.That(ok.shape, Is.EqualTo(new long[] { 3, 24, 32 }));
    }

    private static byte[] SmallJpeg()
    {
        using var bitmap = new SKBitmap(32, 24);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    [Test]
    public void AZipEntryClaimingFourGigabytesIsRefusedBeforeItIsRead()
    {
        using var dir = new TempDirectory();
        var path = TorchZip(dir, Pickle([(byte)'}']));
        var bytes = File.ReadAllBytes(path);
        for (var i = 0; i + 46 <= bytes.Length; i++)
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2)
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), 0xFFFFFFF0);
        File.WriteAllBytes(path, bytes);
        Assert.That(() => PyTorchFile.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("claims"));
        Assert.That(Allocated(() => PyTorchFile.Load(path)), Is.LessThan(1 << 20));
    }

    [Test]
    public void APickleNested100000LevelsDeepOrContainingItselfIsRefusedWithoutAStackOverflow()
    {
        using var dir = new TempDirectory();
        const int depth = 100_000;
        var deep = TorchZip(dir, Pickle([.. Enumerable.Repeat((byte)']', depth)], [.. Enumerable.Repeat((byte)'a', depth - 1)]));
        Assert.That(() => WeightsFile.ReadAll(deep), Throws.TypeOf<InvalidDataException>().With.Message.Contains("nested more than"));
        Assert.That(() => WeightsFile.ReadStateDict(deep), Throws.TypeOf<InvalidDataException>().With.Message.Contains("not a state dict"));
        // ] MEMOIZE BINGET 0 APPEND: a list that contains itself.
        var loop = TorchZip(dir, Pickle([(byte)']', 0x94, (byte)'h', 0, (byte)'a']));
        Assert.That(() => WeightsFile.ReadAll(loop), Throws.TypeOf<InvalidDataException>().With.Message.Contains("containing themselves"));
    }

    [Test]
    public void MemoIndexesAndLengthsThatPointNowhereAreRefused()
    {
        using var dir = new TempDirectory();
        Assert.That(() => PyTorchFile.Load(TorchZip(dir, Pickle([(byte)'h', 200]))),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("memo entry 200"));
        Assert.That(() => PyTorchFile.Load(TorchZip(dir, Pickle([(byte)'j', .. Le32(uint.MaxValue)]))),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("memo entry"));
        var hugeString = TorchZip(dir, Pickle([(byte)'X', .. Le32(0xFFFFFFF0)]));
        Assert.That(() => PyTorchFile.Load(hugeString), Throws.TypeOf<InvalidDataException>().With.Message.Contains("more than the"));
        Assert.That(Allocated(() => PyTorchFile.Load(hugeString)), Is.LessThan(1 << 20));
        var hugeBytes = TorchZip(dir, Pickle([(byte)'B', .. Le32(0x7FFFFFF0)]));
        Assert.That(() => PyTorchFile.Load(hugeBytes), Throws.TypeOf<InvalidDataException>().With.Message.Contains("more than the"));
    }

    [Test]
    public void ASafetensorsHeaderLengthOfTwoToTheSixtyThirdIsRefused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(1UL << 63), .. "{}"u8]);
        Assert.That(() => SafeTensors.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("header length"));
        Assert.That(Allocated(() => SafeTensors.Read(path)), Is.LessThan(1 << 20));
    }

    [Test]
    public void ATensorLargerThanTheStorageItSharesIsRefused()
    {
        using var dir = new TempDirectory();
        // _rebuild_tensor_v2(storage '0' of 4 floats, offset 0, size (10,), stride (1,)): a view past the end of its storage.
        static byte[] Tensor(long size, long stride) =>
        [
            .. Global("torch._utils", "_rebuild_tensor_v2"), (byte)'(',
            (byte)'(', .. Unicode("storage"), .. Global("torch", "FloatStorage"), .. Unicode("0"), .. Unicode("cpu"), (byte)'K', 4, (byte)'t', (byte)'Q',
            (byte)'K', 0, (byte)'(', (byte)'K', (byte)size, (byte)'t', (byte)'(', (byte)'K', (byte)stride, (byte)'t', 0x89, (byte)'}', (byte)'t', (byte)'R',
        ];
        var storage = ("0", new byte[16]);
        var fits = TorchZip(dir, Pickle([(byte)'}', .. Unicode("a"), .. Tensor(4, 1), (byte)'s']), storage);
        Assert.That(WeightsFile.ReadStateDict(fits)["a"].shape, Is.EqualTo(new long[] { 4 }), "the well-formed file loads");
        var past = TorchZip(dir, Pickle([(byte)'}', .. Unicode("a"), .. Tensor(10, 1), (byte)'s']), storage);
        Assert.That(() => WeightsFile.ReadStateDict(past),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("does not fit in storage '0' of 4 elements"));
        var strided = TorchZip(dir, Pickle([(byte)'}', .. Unicode("a"), .. Tensor(3, 2), (byte)'s']), storage);
        Assert.That(() => WeightsFile.ReadStateDict(strided), Throws.TypeOf<InvalidDataException>().With.Message.Contains("does not fit"));
    }

    [TestCase("torch.nn.modules.linear", "Linear")]
    [TestCase("os", "system")]
    [TestCase("builtins", "eval")]
    [TestCase("posix", "system")]
    public void DangerousGlobalsAreRefusedByNameEvenDeepInsideContainers(string module, string name)
    {
        using var dir = new TempDirectory();
        // {'model': [(1, 2, <module.name>('rm -rf /'))]}: the global is refused when it is read, before anything could call it.
        var nested = Pickle([(byte)'}', .. Unicode("model"), (byte)']', (byte)'(', (byte)'K', 1, (byte)'K', 2,
            .. Global(module, name), (byte)'(', .. Unicode("rm -rf /"), (byte)'t', (byte)'R', (byte)'t', (byte)'a', (byte)'s']);
        var path = TorchZip(dir, nested);
        Assert.That(() => WeightsFile.ReadAll(path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains($"refusing Python global '{module}.{name}'"));
        // The same through STACK_GLOBAL (protocol 4), with the names pushed as strings first.
        var stackGlobal = TorchZip(dir, Pickle([(byte)']', .. Unicode(module), .. Unicode(name), 0x93, (byte)'a']));
        Assert.That(() => WeightsFile.ReadAll(stackGlobal), Throws.TypeOf<InvalidDataException>().With.Message.Contains($"'{module}.{name}'"));
    }
}
