using FastDays.Tests.Support;
using FastDays.Text.Data;
using FastDays.Text.Tokenization;

namespace FastDays.Tests.Text.Data;

/// <summary>Hostile text files: tokenized or refused with a message naming the file, never a crash or a hang.</summary>
public sealed class TextFilesTests
{
    [Test]
    public void InvalidUtf8IsRefusedNamingTheFileAndTheOffset()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("bad.txt"), [.. "caf"u8.ToArray(), 0xC3, 0x28, .. " ok"u8.ToArray()]);
        Assert.That(() => new Tokenizer().Tokenize(dir.File("bad.txt")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("bad.txt").And.Message.Contains("offset 3"));
    }

    [Test]
    public void AnEmptyFileABomAndOneRepeatedCharacterAreTokenized()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("empty.txt"), []);
        Assert.That(new Tokenizer().Tokenize(dir.File("empty.txt")), Is.EqualTo(new[] { "xxbos" }));
        File.WriteAllBytes(dir.File("bom.txt"), [0xEF, 0xBB, 0xBF, .. "Hi"u8.ToArray()]);
        Assert.That(new Tokenizer().Tokenize(dir.File("bom.txt")), Is.EqualTo(new[] { "xxbos", "xxmaj", "hi" }));
        File.WriteAllText(dir.File("same.txt"), new string('z', 5_000_000));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(new Tokenizer().Tokenize(dir.File("same.txt")), Is.EqualTo(new[] { "xxbos", "xxrep", "5000000", "z" }));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(20));
    }

    [Test]
    public void AFileLargerThanATextMayHoldIsRefusedBeforeItIsRead()
    {
        using var dir = new TempDirectory();
        using (var f = File.Create(dir.File("huge.txt"))) f.SetLength(100L << 20);   // 100 MiB, one line
        Assert.That(() => TextFiles.Read(dir.File("huge.txt")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("huge.txt").And.Message.Contains("104,857,600 bytes"));
        Assert.That(() => TextFiles.Read(dir.File("missing.txt")), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("missing.txt"));
    }
}
