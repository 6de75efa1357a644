using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using FastDays.Examples.Cli;
using FastDays.Examples.Commands;
using FastDays.Examples.Train;
using FastDays.Tests.Support;
using FastDays.Vision.Models;

namespace FastDays.Tests.Examples;

[NonParallelizable]
public sealed class OptionsBinderTests
{
    private static string Config(TempDirectory dir, params string[] lines)
    {
        var file = dir.File("options.yaml");
        File.WriteAllLines(file, lines);
        return file;
    }

    private static Dictionary<string, object?> Values(object options) =>
        options.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(options) is IEnumerable e and not string
            ? string.Join(",", e.Cast<object>()) : p.GetValue(options));

    [Test]
    public void EveryDefaultConfigStatesItsOptionsRecordsDefaults()
    {
        // configs/train.yaml is what README command 1 reads, configs/day1.yaml what day1 reads…; each record's initializers are the defaults
        // without the file. One must not drift from the other.
        var records = typeof(IExampleCommand).Assembly.GetTypes()
            .Select(t => (Type: t, Config: t.GetCustomAttributes(typeof(ConfigFileAttribute), false).OfType<ConfigFileAttribute>().FirstOrDefault()))
            .Where(r => r.Config is not null).ToList();
        Assert.That(records, Has.Count.GreaterThanOrEqualTo(10));
        var parse = typeof(OptionsBinder).GetMethod(nameof(OptionsBinder.Parse))!;
        foreach (var (type, config) in records)
        {
            var file = Path.Combine(PythonFixtures.RepoRoot, config!.DefaultPath);
            Assert.That(File.Exists(file), Is.True, $"{type.Name}: {config.DefaultPath} is missing");
            var bound = parse.MakeGenericMethod(type).Invoke(null, [new[] { "--config", file }])!;
            Assert.That(Values(bound), Is.EqualTo(Values(Activator.CreateInstance(type)!)), $"{config.DefaultPath} vs {type.Name}");
        }
    }

    [Test]
    public void EveryShippedConfigBindsAndDescribesAModel()
    {
        foreach (var file in new[] { "train.yaml", "fast.yaml", "best.yaml" }.Select(f => Path.Combine(PythonFixtures.RepoRoot, "configs", f)))
        {
            var options = OptionsBinder.Parse<TrainOptions>(["--config", file]);
            Assert.That(options.Spec(10).Arch, Is.EqualTo(options.Arch), file);
            Assert.That(options.Path, Does.StartWith("runs/"), file);
        }
    }

    [Test]
    public void TrainsAllowedNamesAreTheNamesItsCodeKnows()
    {
        // An attribute takes constants only, so the names --opt and --act-cls accept are written twice: once for the binder, once in code.
        static IEnumerable<string?> Allowed(Type type, string property) =>
            type.GetProperty(property)!.GetCustomAttribute<AllowedValuesAttribute>()!.Values.Cast<string?>();
        Assert.That(Allowed(typeof(TrainSetup), nameof(TrainSetup.Opt)), Is.EquivalentTo(TrainSetup.Optimizers.Keys));
        Assert.That(Allowed(typeof(NetworkSetup), nameof(NetworkSetup.ActCls)), Is.EquivalentTo(XResNet.ActivationNames));
    }

    [Test]
    public void TheCommandLineOverridesTheConfigWhichOverridesTheRecord()
    {
        using var dir = new TempDirectory();
        var file = Config(dir, "lr: 0.1", "epochs: 2", "widths: [8, 16]", "flip: false");
        var o = OptionsBinder.Parse<TrainOptions>(["--config", file, "--epochs", "3", "--flip"]);
        Assert.That((o.Lr, o.Epochs, o.Bs, o.Flip), Is.EqualTo((0.1, 3, 128, true)));
        Assert.That(o.Widths, Is.EqualTo(new[] { 8, 16 }));
        Assert.That(OptionsBinder.Parse<TrainOptions>(["--config", file, "--flip", "false", "--widths", "4,5,6"]) is { Flip: false, Widths: [4, 5, 6] });
    }

    [Test]
    public void ABadValueIsReportedWithWhereItCameFrom()
    {
        using var dir = new TempDirectory();
        var file = Config(dir, "lr: fast");
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--config", file]),
            Throws.ArgumentException.With.Message.EqualTo($"{file}: 'lr' takes a finite number, not 'fast'"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--epochs", "1.5"]),
            Throws.ArgumentException.With.Message.EqualTo("option --epochs takes a whole number, not '1.5'"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--precision", "fp8"]),
            Throws.ArgumentException.With.Message.EqualTo("option --precision must be one of auto, fp32, bf16, not 'fp8'"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--config", Config(dir, "arch: vgg")]),
            Throws.ArgumentException.With.Message.Contains("'arch' must be one of"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--epoch", "3"]), Throws.ArgumentException.With.Message.Contains("--epoch"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--config", dir.File("missing.yaml")]),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("missing.yaml"));
    }

    [TestCase("label_smoothing: 5", "'label_smoothing' must be at least 0 and less than 1, not 5")]
    [TestCase("erase: 7", "'erase' must be between 0 and 1, not 7")]
    [TestCase("lr: 1e999", "'lr' takes a finite number, not '1e999'")]
    [TestCase("lr: 0", "'lr' must be greater than 0 and at most 1000, not 0")]
    [TestCase("epochs: 0", "'epochs' must be between 1 and 100000, not 0")]
    [TestCase("epochs: -3", "'epochs' must be between 1 and 100000, not -3")]
    [TestCase("widths: [16, 32, 64, 2147483647]", "'widths' takes values between 1 and 1024, not [16, 32, 64, 2147483647]")]
    [TestCase("blocks: [100000, 1, 1]", "'blocks' takes values between 1 and 64, not [100000, 1, 1]")]
    [TestCase("widths: []", "'widths' takes 1 to 16 values, not []")]
    [TestCase("bs: 0", "'bs' must be between 1 and 65536, not 0")]
    [TestCase("ensemble: 0", "'ensemble' must be between 1 and 100, not 0")]
    [TestCase("pct_start: 1.5", "'pct_start' must be between 0 and 1, not 1.5")]
    [TestCase("crop_padding: 10000", "'crop_padding' must be between 0 and 64, not 10000")]
    public void AValueOutOfItsRangeIsRefusedNamingTheKeyOrOption(string line, string message)
    {
        using var dir = new TempDirectory();
        var file = Config(dir, line);
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--config", file]), Throws.ArgumentException.With.Message.EqualTo($"{file}: {message}"));
        // The same value on the command line names the option.
        var (key, value) = (line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 2)..].Trim('[', ']'));
        if (value.Length > 0)
            Assert.That(() => OptionsBinder.Parse<TrainOptions>([$"--{key.Replace('_', '-')}", value.Replace(" ", "", StringComparison.Ordinal)]),
                Throws.ArgumentException.With.Message.StartsWith($"option --{key.Replace('_', '-')} "));
    }

    [Test]
    public void AHugeListIsRefusedInAShortMessage()
    {
        var huge = string.Join(',', Enumerable.Repeat("16", 2000));
        var e = Assert.Throws<ArgumentException>(() => OptionsBinder.Parse<TrainOptions>(["--widths", huge]));
        Assert.That(e!.Message, Is.EqualTo("option --widths takes at most 1024 values, not 2,000"));
        var text = new string('x', 100_000);
        e = Assert.Throws<ArgumentException>(() => OptionsBinder.Parse<TrainOptions>(["--lr", text]));
        Assert.That(e!.Message, Has.Length.LessThan(200), "the bad value is quoted clipped");
    }

    [TestCase("epochs: 1\n---\nepochs: 2\n", "a second YAML document at line 2")]
    [TestCase("epochs: 1\nepochs: 2\n", "'epochs' is given twice (lines 1 and 2)")]
    [TestCase("epochs: {a: 1}\n", "'epochs' must be a plain value or a list")]
    [TestCase("widths: [1, [2]]\n", "'widths' must be a list of plain values")]
    [TestCase("- 1\n- 2\n", "must be a mapping of option: value")]
    [TestCase("just text\n", "expected a mapping of option: value")]
    [TestCase("? [a]\n: 1\n", "a key must be a plain word")]
    [TestCase("epochs: *alias\n", "'epochs' must be a plain value or a list")]
    public void AConfigThatIsNotOneFlatMappingIsRefusedNamingTheFile(string text, string message)
    {
        using var dir = new TempDirectory();
        var file = dir.File("config.yaml");
        File.WriteAllText(file, text);
        Assert.That(() => ConfigFile.Load(file), Throws.TypeOf<FormatException>().With.Message.StartsWith(file).And.Message.Contains(message));
    }

    [TestCase("epochs: ", "[", "]")]
    [TestCase("", "{a: ", "}")]
    [TestCase("", "[", "")]
    public void ConfigsNested100000DeepAreRefusedWithoutRecursion(string prefix, string open, string close)
    {
        using var dir = new TempDirectory();
        var file = dir.File("deep.yaml");
        File.WriteAllText(file, prefix + string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000)) + "\n");
        // On a thread with a small stack: a reader that recursed per level would overflow it (and end the test run), this one does not.
        Exception? thrown = null;
        var thread = new Thread(() => { try { ConfigFile.Load(file); } catch (FormatException e) { thrown = e; } }, 256 * 1024);
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(thrown, Is.TypeOf<FormatException>());
        Assert.That(thrown!.Message, Does.StartWith(file).And.Contain("line 1"));
    }

    [Test]
    public void AnEmptyConfigOrOneOfCommentsGivesNoValues()
    {
        using var dir = new TempDirectory();
        foreach (var text in new[] { "", "# nothing\n", "---\n", "---\n...\n" })
        {
            File.WriteAllText(dir.File("empty.yaml"), text);
            Assert.That(ConfigFile.Load(dir.File("empty.yaml")), Is.Empty, text);
        }
    }

    [Test]
    public void LrFindReadsTheTrainConfigAndSkipsOnlyTheFitsKeys()
    {
        using var dir = new TempDirectory();
        var o = OptionsBinder.Parse<LrFindOptions>(["--config", Config(dir, "epochs: 3", "tta: true", "num_it: 20", "bs: 64")]);
        Assert.That((o.NumIt, o.Bs), Is.EqualTo((20, 64)));
        Assert.That(() => OptionsBinder.Parse<LrFindOptions>(["--config", Config(dir, "epochs: 3", "bogus: 1")]),
            Throws.ArgumentException.With.Message.Contains("unknown key 'bogus'"));
        Assert.That(() => OptionsBinder.Parse<LrFindOptions>(["--epochs", "3"]), Throws.ArgumentException, "on the command line, only lr-find's own options");
    }

    [Test]
    public void EveryCommandHasGeneratedHelpNamingEachOption()
    {
        var examples = CommandCatalog.Find(typeof(TrainCommand).Assembly).Values.ToList();
        var benchmarks = CommandCatalog.Find(typeof(FastDays.Benchmarks.FitBenchmark).Assembly).Values.ToList();
        Assert.That(examples.Select(c => c.Name), Is.SupersetOf(new[] { "train", "lr-find", "predict" }).And.No.EqualTo("fuzz"), "the book and the course");
        Assert.That(benchmarks.Select(c => c.Name), Is.SupersetOf(new[] { "alloc", "stress", "fit", "fuzz" }));
        foreach (var command in examples.Concat(benchmarks))
        {
            var (code, output) = CommandRunner.Run(command, "--help");
            Assert.That(code, Is.Zero, command.Name);
            foreach (var option in command.CreateCommand().Options.Where(o => o.Name != "--help"))
                Assert.That(output, Does.Contain(option.Name), $"{command.Name}: {option.Name}");
        }
        Assert.That(CommandRunner.Run(new TrainCommand(), "--help").Output, Does.Contain("--label-smoothing <X>").And.Contain("[default: 0.1]"));
    }
}
