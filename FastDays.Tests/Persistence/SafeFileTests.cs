using System.Diagnostics;
using FastDays.Examples.Cli;
using FastDays.Interop;
using FastDays.Learning;
using FastDays.Persistence;
using FastDays.Tabular.Data;
using FastDays.Tests.Support;
using FastDays.Vision.Data;
using FastDays.Vision.Images;

namespace FastDays.Tests.Persistence;

/// <summary>Files that are not files: every reader refuses a FIFO, a device and a folder at once (a FIFO would block it forever, /dev/zero never
/// ends), naming the path; reads are bounded even where the length says nothing; a folder walk ends on a link cycle.</summary>
[NonParallelizable]
public sealed class SafeFileTests
{
    // Every reader of a file a user names, as users reach it.
    private static readonly (string Name, Action<string> Read)[] Readers =
    [
        ("image", p => ImageDecoder.Decode(p).Dispose()),
        ("image bitmap", p => ImageDecoder.DecodeBitmap(p).Dispose()),
        ("export", p => ExportExtensions.LoadLearner(p).Model.Dispose()),
        ("export entry", p => ExportExtensions.ReadEntry(p, "tabular.json")),
        ("checkpoint", p => SynthLearner.Create().Load(p)),
        ("resume", p => SynthLearner.Create().Resume(p)),
        ("config", p => ConfigFile.Load(p)),
        ("pytorch", p => PyTorchFile.Load(p)),
        ("safetensors", p => SafeTensors.Read(p)),
        ("idx", p => FastDays.Datasets.IdxFile.ReadImages(p)),
        ("csv table", p => Table.ReadCsv(p)),
        ("labels csv", p => ImageDataLoaders.FromCsv(Path.GetDirectoryName(p)!, Path.GetFileName(p), [], [])),
    ];

    private static string MakeFifo(TempDirectory dir, string name)
    {
        var path = dir.File(name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo");
        return path;
    }

    [Test]
    public void EveryReaderRefusesAFifoADeviceAndAFolderAtOnceNamingThem()
    {
        using var dir = new TempDirectory();
        var fifo = MakeFifo(dir, "pipe.ckpt");
        Directory.CreateDirectory(dir.File("folder.ckpt"));
        foreach (var (path, what) in new[] { (fifo, "a FIFO"), ("/dev/zero", "a character device"), (dir.File("folder.ckpt"), "a folder") })
            foreach (var (name, read) in Readers)
            {
                // On a thread of its own, so that a reader that blocks fails this test instead of hanging the run.
                var task = Task.Run(() => read(path));
                if (!task.ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(1)))
                {
                    if (path == fifo) using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }   // lets the blocked reader go
                    Assert.Fail($"{name} did not answer within 1 s on {path}");
                }
                var e = task.Exception?.InnerException;
                Assert.That(e, Is.InstanceOf<InvalidDataException>(), $"{name} on {path}: {e}");
                Assert.That(e!.Message, Does.Contain(path).And.Contain(what), name);
            }
    }

    [Test]
    public void ReadsStopAtTheirLimitEvenWhereTheLengthSaysNothing()
    {
        using var dir = new TempDirectory();
        // A sparse 1 GB file is refused from its length, before anything of it is read or allocated.
        var big = dir.File("big.png");
        using (var f = File.Create(big)) f.SetLength(1L << 30);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(() => SafeFile.ReadAllBytes(big, 1 << 20, "image"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(big).And.Message.Contains("more than the 1,048,576 bytes an image may have"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
        // /proc files say they are empty and are not: the read stops one byte past the limit.
        Assert.That(new FileInfo("/proc/self/maps").Length, Is.Zero);
        Assert.That(() => SafeFile.ReadAllBytes("/proc/self/maps", 64, "config file"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("more than the 64 bytes a config file may have"));
        Assert.That(SafeFile.ReadAllBytes("/proc/self/maps", 1 << 24), Is.Not.Empty, "under the limit it is read whole");
        ImageDecoder.MaxFileBytes = 1 << 20;
        try { Assert.That(() => ImageDecoder.Decode(big), Throws.TypeOf<InvalidDataException>().With.Message.Contains(big)); }
        finally { ImageDecoder.MaxFileBytes = 256L << 20; }
    }

    [Test]
    public void AFolderWalkFollowsLinksToFoldersButNeverIntoACycle()
    {
        using var dir = new TempDirectory();
        using var outside = new TempDirectory();
        Directory.CreateDirectory(dir.File(Path.Combine("a", "b")));
        File.WriteAllText(dir.File(Path.Combine("a", "b", "x.png")), "x");
        File.WriteAllText(outside.File("y.png"), "y");
        File.CreateSymbolicLink(dir.File(Path.Combine("a", "b", "up")), "../..");   // a link to an ancestor: a cycle
        File.CreateSymbolicLink(dir.File(Path.Combine("a", "again")), "b");        // a second way into a folder walked already
        File.CreateSymbolicLink(dir.File("elsewhere"), outside.Path);               // a link to a folder outside: followed
        var task = Task.Run(() => SafeFile.EnumerateFiles(dir.Path).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList());
        Assert.That(task.Wait(TimeSpan.FromSeconds(10)), Is.True, "the walk ended");
        Assert.That(task.Result, Is.EqualTo(new[] { "x.png", "y.png" }), "each file once");
        Assert.That(ImageDataLoaders.GetImageFiles(dir.Path), Has.Count.EqualTo(2));
    }
}
