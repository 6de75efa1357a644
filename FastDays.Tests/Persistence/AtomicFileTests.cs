using System.Diagnostics;
using FastDays.Learning;
using FastDays.Persistence;
using FastDays.Tests.Support;

namespace FastDays.Tests.Persistence;

[NonParallelizable]
public sealed class AtomicFileTests
{
    [Test]
    public void KillingTheProcessWhileItSavesNeverLosesTheLastCheckpoint()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("kills with SIGKILL");
        using var dir = new TempDirectory();
        var checkpoint = Path.Combine(dir.Path, "models", "checkpoint.ckpt");
        var rng = new Random(11);
        int trials = 50, midWrite = 0, lastGeneration = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            // A process that saves generation after generation; killed at a random moment once it has saved at least once.
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { ExamplesProcess.BenchmarksDll, "save", "--forever", "--mb", "24", "--path", dir.Path }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            while (process.StandardOutput.ReadLine() is { } line && !line.StartsWith("saved generation", StringComparison.Ordinal)) { }
            Thread.Sleep(rng.Next(0, 120));
            process.Kill();
            process.WaitForExit();
            if (AtomicFile.StaleTemporaries(checkpoint).Count > 0) midWrite++;
            lastGeneration = VerifyWhole(checkpoint);
        }
        TestContext.Out.WriteLine($"{trials} kills, {midWrite} of them in the middle of a write; last generation {lastGeneration}");
        Assert.That(midWrite, Is.GreaterThan(5), "enough kills landed inside a write for the test to mean something");
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(checkpoint)!, "*.tmp"), Has.Length.LessThanOrEqualTo(1),
            "each save deletes what killed writers left");
    }

    private static int VerifyWhole(string checkpoint)
    {
        // Every weight of generation g is g: a checkpoint that reads back with one value throughout is whole.
        Assert.That(File.Exists(checkpoint), "the checkpoint is there");
        Dictionary<string, TorchSharp.torch.Tensor> tensors;
        using (var zip = CheckpointExtensions.OpenCheckpoint(checkpoint)) tensors = CheckpointExtensions.ReadTensors(zip, "model.fdts")!;
        try
        {
            var values = tensors.Values.SelectMany(t => new[] { t.min().item<float>(), t.max().item<float>() }).Distinct().ToList();
            Assert.That(values, Has.Count.EqualTo(1), "one generation throughout");
            return (int)values[0];
        }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    [Test]
    public void AFailedWriteNamesTheFileAndKeepsThePreviousOne()
    {
        using var dir = new TempDirectory();
        var path = dir.File("weights.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, s => { s.Write(new byte[100]); throw new IOException("No space left on device"); }))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("No space left on device"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(Directory.GetFiles(dir.Path, "*.tmp"), Is.Empty, "the temporary file is removed");
    }

    [Test]
    public void AFullDiskGivesAnErrorNamingTheFileAndTheCheckpointBeforeStaysValid()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("mounts a small tmpfs");
        using var dir = new TempDirectory();
        var mount = dir.File("small");
        Directory.CreateDirectory(mount);
        using (var m = Process.Start("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mount])) m.WaitForExit();
        var mounted = File.ReadAllText("/proc/mounts").Contains(mount, StringComparison.Ordinal);
        try
        {
            // Without permission to mount, the same code path is driven by a stream that fails part-way instead.
            var path = Path.Combine(mount, "checkpoint.ckpt");
            AtomicFile.WriteAllBytes(path, new byte[600_000]);
            var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
            {
                if (!mounted) throw new IOException("No space left on device");
                for (var i = 0; i < 40; i++) s.Write(new byte[100_000]);   // 4 MB into 2 MB, with the old 0.6 MB still there
            }))!;
            Assert.That(e.Message, Does.Contain(path).And.Contain("space"), e.Message);
            Assert.That(new FileInfo(path).Length, Is.EqualTo(600_000), "the previous file is untouched");
            Assert.That(Directory.GetFiles(mount, "*.tmp"), Is.Empty);
            TestContext.Out.WriteLine(mounted ? "a real 2 MB tmpfs ran out of space" : "mount not permitted: simulated");
        }
        finally { if (mounted) using (var u = Process.Start("umount", [mount])) u.WaitForExit(); }
    }
}
