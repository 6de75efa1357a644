using System.IO.Compression;
using System.Text;
using FastDays.Examples.Cli;
using FastDays.Interop;
using FastDays.Learning;
using FastDays.Persistence;
using FastDays.Tests.Support;

namespace FastDays.Tests.Persistence;

/// <summary>Archives that inflate to far more than their size: entries a format does not have are refused unread, and all the entries read from one
/// archive together stay within a budget of its size — measured by the peak resident memory of the reading.</summary>
[NonParallelizable]
public sealed class ZipReaderTests
{
    private static string Export(TempDirectory dir)
    {
        var learn = SynthLearner.Create(path: dir.Path);
        learn.Spec = new FastDays.Modules.ModelSpec("synth", new Dictionary<string, string>());
        return learn.Export();
    }

    [Test]
    public void AnExportWithEntriesItsFormatDoesNotHaveIsRefusedWithoutInflatingThem()
    {
        using var dir = new TempDirectory();
        RegisterSynth();
        var export = Export(dir);
        // Three entries of 1 GiB of zeros each: a 3 MB file.
        var bomb = ZipEdits.Copy(export, dir.File("bomb.fastdays"), null, ("a.bin", 1L << 30, 0), ("b.bin", 1L << 30, 0), ("c.bin", 1L << 30, 0));
        Assert.That(new FileInfo(bomb).Length, Is.LessThan(8 << 20));
        InvalidDataException? refused = null;
        var growth = SelfProcess.PeakGrowth(() => refused = Assert.Throws<InvalidDataException>(() => ExportExtensions.LoadLearner(bomb)));
        Assert.That(refused!.Message, Does.Contain(bomb).And.Contain("'a.bin'").And.Contain("does not have"));
        Assert.That(growth, Is.LessThan(64 << 20), $"peak resident memory grew by {growth >> 20} MB");
    }

    [Test]
    public void EntriesTheFormatHasStayWithinTheArchivesBudgetTogether()
    {
        using var dir = new TempDirectory();
        RegisterSynth();
        var export = Export(dir);
        // export.json inflating from ~0.2 MB to 200 MB of spaces: within deflate's ratio, beyond 16 × the file + 64 MiB.
        var bomb = ZipEdits.Copy(export, dir.File("json-bomb.fastdays"), null, ("export.json", 200L << 20, (byte)' '));
        InvalidDataException? refused = null;
        var growth = SelfProcess.PeakGrowth(() => refused = Assert.Throws<InvalidDataException>(() => ExportExtensions.LoadLearner(bomb)));
        Assert.That(refused!.Message, Does.Contain(bomb).And.Contain("zip bomb"));
        Assert.That(growth, Is.LessThan(64 << 20), $"peak resident memory grew by {growth >> 20} MB");
        // A checkpoint whose optimizer state inflates to 90 MB.
        var learn = SynthLearner.Create(path: dir.Path);
        learn.Fit(1);
        var checkpoint = learn.Save("whole");
        var inflated = ZipEdits.Copy(checkpoint, dir.File("inflated.ckpt"), null, ("opt.fdts", 90L << 20, 0));
        Assert.That(() => SynthLearner.Create(path: dir.Path).Load(inflated), Throws.TypeOf<InvalidDataException>().With.Message.Contains("zip bomb"));
        // Two storages of 40 MB of zeros, each within deflate's ratio and the budget alone, but not together.
        var pt = dir.File("two.pt");
        using (var a = TorchSharp.torch.zeros(10 << 20))
        using (var b = TorchSharp.torch.zeros(10 << 20))
            WeightsFile.SavePyTorch(new Dictionary<string, TorchSharp.torch.Tensor> { ["a"] = a, ["b"] = b }, pt);
        Assert.That(() => { foreach (var t in WeightsFile.ReadStateDict(pt).Values) t.Dispose(); }, Throws.Nothing, "stored, as torch.save does, it loads");
        Assert.That(new FileInfo(pt).Length, Is.GreaterThan(80L << 20));
        (string, long, byte)[] storages;
        using (var zip = ZipFile.OpenRead(pt)) storages = [.. zip.Entries.Where(e => e.Length == 40L << 20).Select(e => (e.FullName, e.Length, (byte)0))];
        Assert.That(storages, Has.Length.EqualTo(2));
        var deflated = ZipEdits.Copy(pt, dir.File("two-deflated.pt"), null, storages);
        Assert.That(() => WeightsFile.ReadStateDict(deflated),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(deflated).And.Message.Contains("zip bomb"));
        // The legitimate files load.
        Assert.That(() => ExportExtensions.LoadLearner(export).Model.Dispose(), Throws.Nothing);
        Assert.That(() => SynthLearner.Create(path: dir.Path).Load(checkpoint), Throws.Nothing);
    }

    [Test]
    public void APyTorchArchiveIsReadOnlyWhereItsPickleLeads()
    {
        using var dir = new TempDirectory();
        var path = dir.File("weights.pt");
        using (var state = TorchSharp.torch.arange(6f).reshape(2, 3))
            WeightsFile.SavePyTorch(new Dictionary<string, TorchSharp.torch.Tensor> { ["w"] = state }, path);
        // An extra entry of 1 GiB of zeros that torch.load would never read: it is not inflated either.
        var padded = ZipEdits.Copy(path, dir.File("padded.pt"), null, ("archive/extra/blob", 1L << 30, 0));
        var growth = SelfProcess.PeakGrowth(() =>
        {
            var read = WeightsFile.ReadStateDict(padded);
            Assert.That(read["w"].data<float>().ToArray(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5 }));
            foreach (var t in read.Values) t.Dispose();
        });
        Assert.That(growth, Is.LessThan(64 << 20), $"peak resident memory grew by {growth >> 20} MB");
        using var zip = ZipReader.Open(padded);
        Assert.That(zip.Names, Does.Contain("archive/extra/blob"));
        Assert.That(zip.Names.Where(n => n.EndsWith("version", StringComparison.Ordinal)).Select(n => Encoding.UTF8.GetString(zip.Read(n)!)),
            Is.Not.Empty.And.All.StartsWith("3"));
    }

    // A one-parameter-free architecture for the exports above: the RegModel of SynthLearner.
    private static void RegisterSynth() => FastDays.Modules.ModelZoo.Register("synth", _ => new RegModel());
}
