using System.Collections;
using FastDays.Examples.Cli;
using FastDays.Examples.Commands;
using FastDays.Tests.Support;

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
            Throws.ArgumentException.With.Message.EqualTo($"{file}: 'lr' takes a number, not 'fast'"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--epochs", "1.5"]),
            Throws.ArgumentException.With.Message.EqualTo("option --epochs takes a whole number, not '1.5'"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--precision", "fp8"]),
            Throws.ArgumentException.With.Message.EqualTo("option --precision must be one of fp32, bf16, not 'fp8'"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--config", Config(dir, "arch: vgg")]),
            Throws.ArgumentException.With.Message.Contains("'arch' must be one of"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--epoch", "3"]), Throws.ArgumentException.With.Message.Contains("--epoch"));
        Assert.That(() => OptionsBinder.Parse<TrainOptions>(["--config", dir.File("missing.yaml")]),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("missing.yaml"));
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
        var commands =
            CommandCatalog.Find<IExampleCommand>(except: typeof(IBenchmark)).Values.Concat<IExampleCommand>(CommandCatalog.Find<IBenchmark>().Values).ToList();
        Assert.That(commands.Select(c => c.Name), Is.SupersetOf(new[] { "train", "lr-find", "predict", "alloc", "stress" }));
        foreach (var command in commands.Where(c => c is not BenchCommand))
        {
            var (code, output) = CommandRunner.Run(command, "--help");
            Assert.That(code, Is.Zero, command.Name);
            foreach (var option in command.CreateCommand().Options.Where(o => o.Name != "--help"))
                Assert.That(output, Does.Contain(option.Name), $"{command.Name}: {option.Name}");
        }
        Assert.That(CommandRunner.Run(new TrainCommand(), "--help").Output, Does.Contain("--label-smoothing <X>").And.Contain("[default: 0.1]"));
    }
}
