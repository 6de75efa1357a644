using System.Text;
using System.Text.RegularExpressions;
using FastDays.Tests.Support;

namespace FastDays.Tests.Examples;

/// <summary>The program as a hostile or unlucky user meets it, one process per case: every refusal is one line naming the file, option or config key,
/// with exit code 1, within 5 s and under 1 GB of resident memory; nothing special is waited on; the long thin image and the looping folder work.</summary>
[NonParallelizable]
public sealed class HostileInputTests
{
    private TempDirectory _dir = null!;
    private string _export = "";
    private string _interrupted = "";

    private string File(string name) => _dir.File(name);

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _dir = new TempDirectory();
        // A whole run (its export), and a run of 3 epochs stopped by SIGTERM after its first (its interrupted checkpoint).
        string[] train = ["train", "--data", "tiny", "--arch", "simple_cnn", "--widths", "8,16", "--bs", "32", "--tta", "false"];
        var whole = ExamplesProcess.Run([.. train, "--epochs", "1", "--path", File("run")]);
        Assert.That(whole.Code, Is.Zero, whole.Output);
        _export = File(Path.Combine("run", "export.fastdays"));
        var stopped = ExamplesProcess.Run([.. train, "--epochs", "3", "--path", File("stopped")],
            interruptWhen: line => line.StartsWith("0 ", StringComparison.Ordinal), signal: "TERM");
        Assert.That(stopped.Code, Is.EqualTo(143), stopped.Output);
        _interrupted = File(Path.Combine("stopped", "models", "interrupted.ckpt"));
        Assert.That(System.IO.File.Exists(_interrupted), stopped.Output);
    }

    [OneTimeTearDown]
    public void CleanUp() => _dir.Dispose();

    private static string Mkfifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        return path;
    }

    // The hostile files, made once per case.
    private string Make(string kind)
    {
        switch (kind)
        {
            case "fifo":
                return System.IO.File.Exists(File("pipe")) ? File("pipe") : Mkfifo(File("pipe"));
            case "bomb":
                // The export plus three entries of 1 GiB of zeros each (3 MB on disk).
                return ZipEdits.Copy(_export, File("bomb.fastdays"), null, ("a.bin", 1L << 30, 0), ("b.bin", 1L << 30, 0), ("c.bin", 1L << 30, 0));
            case "shape":
                return ZipEdits.Copy(_export, File("shape.fastdays"), name => name != "export.json" ? null : (from, to) =>
                {
                    using var reader = new StreamReader(from);
                    to.Write(Encoding.UTF8.GetBytes(Regex.Replace(reader.ReadToEnd(), @"""ItemShape"":\[[^\]]*\]", @"""ItemShape"":[1,20000,20000]")));
                });
            case "deep":
                System.IO.File.WriteAllText(File("deep.yaml"), "epochs: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
                return File("deep.yaml");
            case "two":
                System.IO.File.WriteAllText(File("two.yaml"), "epochs: 1\n---\nepochs: 2\n");
                return File("two.yaml");
            case "empty":
                return Directory.CreateDirectory(File("no-images")).FullName;
            default:
                throw new ArgumentException(kind);
        }
    }

    // (case, the arguments with {file} for the hostile file and {export}/{interrupted} for the good ones, what the one line must name)
    private static readonly (string Name, string Kind, string[] Args, string Names)[] Refusals =
    [
        ("zip bomb export", "bomb", ["predict", "{file}", "{export}"], "{file}"),
        ("export with an absurd item shape", "shape", ["predict", "{file}", "{export}"], "{file}"),
        ("FIFO as the export", "fifo", ["predict", "{file}", "{export}"], "{file}"),
        ("/dev/zero as the export", "", ["predict", "/dev/zero", "{export}"], "/dev/zero"),
        ("FIFO as the config", "fifo", ["train", "--config", "{file}"], "{file}"),
        ("/dev/zero as the config", "", ["train", "--config", "/dev/zero"], "/dev/zero"),
        ("FIFO to resume", "fifo", ["train", "--data", "tiny", "--resume", "{file}"], "{file}"),
        ("YAML nested 100,000 deep", "deep", ["train", "--config", "{file}"], "{file}"),
        ("a second YAML document", "two", ["train", "--config", "{file}"], "{file}"),
        ("a folder without images", "empty", ["predict", "{export}", "{file}"], "{file}"),
        ("label smoothing of 5", "", ["train", "--label-smoothing", "5"], "--label-smoothing"),
        ("a width of 2^31 - 1", "", ["train", "--widths", "16,32,64,2147483647"], "--widths"),
        ("an infinite learning rate", "", ["train", "--lr", "1e999"], "--lr"),
        ("no epochs", "", ["train", "--epochs", "0"], "--epochs"),
        ("an lr-find too short to suggest", "", ["lr-find", "--data", "tiny", "--num-it", "3"], "--num-it"),
        ("resuming with another --epochs", "",
            ["train", "--data", "tiny", "--arch", "simple_cnn", "--widths", "8,16", "--bs", "32", "--epochs", "5", "--resume", "{interrupted}"],
            "--epochs 3"),
        ("resuming with another --bs", "",
            ["train", "--data", "tiny", "--arch", "simple_cnn", "--widths", "8,16", "--bs", "64", "--epochs", "3", "--resume", "{interrupted}"],
            "{interrupted} was saved by a run with other settings: --bs 32 (this run: 64)"),
        ("resuming with another --lr and --label-smoothing", "",
            ["train", "--data", "tiny", "--arch", "simple_cnn", "--widths", "8,16", "--bs", "32", "--epochs", "3", "--lr", "0.01", "--label-smoothing", "0.2",
                "--resume", "{interrupted}"],
            "--label-smoothing 0.1 (this run: 0.2), --lr 0.005 (this run: 0.01)"),
    ];

    private static IEnumerable<string> RefusalNames() => Refusals.Select(r => r.Name);

    [TestCaseSource(nameof(RefusalNames))]
    public void IsRefusedInOneLineWithExitCode1InUnder5SecondsAnd1Gigabyte(string name)
    {
        var (_, kind, args, names) = Refusals.Single(r => r.Name == name);
        var file = kind.Length > 0 ? Make(kind) : "";
        string Fill(string a) => a.Replace("{file}", file, StringComparison.Ordinal).Replace("{export}", _export, StringComparison.Ordinal)
            .Replace("{interrupted}", _interrupted, StringComparison.Ordinal);
        var (code, output, seconds, peak) = ExamplesProcess.RunMeasured([.. args.Select(Fill)], timeout: TimeSpan.FromSeconds(30));
        TestContext.Out.WriteLine($"{name}: exit {code}, {seconds:F2} s, peak {peak >> 20} MB\n{output}");
        var errors = output.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).ToList();
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(errors, Has.Count.EqualTo(1), output);
        Assert.That(errors[0], Does.Contain(Fill(names)), output);
        Assert.That(output, Does.Not.Contain("   at ").And.Not.Contain("Unhandled"), "no stack trace");
        Assert.That(seconds, Is.LessThan(5));
        Assert.That(peak, Is.LessThan(1L << 30), $"peak resident memory {peak >> 20} MB");
    }

    [Test]
    public void SpecialFilesGivenAsImagesAreReportedOnTheirLineAndNeverWaitedOn()
    {
        var fifo = Make("fifo");
        var (code, output, seconds, peak) = ExamplesProcess.RunMeasured(["predict", _export, "/dev/zero", fifo], timeout: TimeSpan.FromSeconds(30));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('\t', StringComparison.Ordinal)).ToList();
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(lines, Has.Count.EqualTo(2), output);
        Assert.That(lines[0], Does.StartWith("/dev/zero\terror\t").And.Contain("character device"));
        Assert.That(lines[1], Does.StartWith($"{fifo}\terror\t").And.Contain("FIFO"));
        Assert.That(seconds, Is.LessThan(5));
        Assert.That(peak, Is.LessThan(1L << 30), $"peak resident memory {peak >> 20} MB");
    }

    [Test]
    public void ALongThinImageAndAFolderLinkingToItselfArePredicted()
    {
        // 600,000 × 1 pixels (a PNG of a few hundred bytes) and a folder with a link to its parent: each predicted once, quickly.
        var folder = Directory.CreateDirectory(File(Path.Combine("looping", "sub"))).FullName;
        using (var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(600_000, 1, SkiaSharp.SKColorType.Gray8)))
        using (var png = System.IO.File.Create(Path.Combine(folder, "thin.png")))
        {
            bitmap.Erase(new SkiaSharp.SKColor(128, 128, 128));
            bitmap.Encode(png, SkiaSharp.SKEncodedImageFormat.Png, 100);
        }
        System.IO.File.CreateSymbolicLink(Path.Combine(folder, "up"), "..");
        var (code, output, seconds, peak) = ExamplesProcess.RunMeasured(["predict", _export, File("looping")], timeout: TimeSpan.FromSeconds(60));
        TestContext.Out.WriteLine($"exit {code}, {seconds:F2} s, peak {peak >> 20} MB\n{output}");
        Assert.That(code, Is.Zero, output);
        Assert.That(output.Split('\n').Count(l => l.Contains("thin.png\t", StringComparison.Ordinal)), Is.EqualTo(1), output);
        Assert.That(seconds, Is.LessThan(5));
        Assert.That(peak, Is.LessThan(512L << 20), $"peak resident memory {peak >> 20} MB (6 GB when the shorter side was resized first)");
    }
}
