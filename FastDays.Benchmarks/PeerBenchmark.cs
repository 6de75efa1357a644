using System.Globalization;
using System.Text.Json;

namespace FastDays.Benchmarks;

/// <summary>`peer`: the network of `train` trained by FastDays (the `train` command) and by Debian's PyTorch (scripts/peer_train.py) with the same
/// data, batch size, optimizer, schedule and loss, for each variant, the two alternated in fresh processes: the steady (last) epoch's time, the
/// ratio and the accuracies.</summary>
internal sealed class PeerBenchmark : ExampleCommand<PeerBenchmarkOptions>
{
    private static readonly string[] Known = ["fp32", "channels_last", "bf16_channels_last", "default"];

    /// <inheritdoc />
    public override string Name => "peer";

    /// <inheritdoc />
    public override string Summary => "FastDays against Debian's PyTorch on train's network: steady epoch times and accuracies, variant by variant";

    /// <inheritdoc />
    public override int Run(PeerBenchmarkOptions o)
    {
        var variants = o.Variants.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (variants.FirstOrDefault(v => !Known.Contains(v)) is { } unknown)
            throw new ArgumentException($"--variants: unknown variant '{unknown}' (use {string.Join(", ", Known)})");
        var script = Path.Combine(AppContext.BaseDirectory, "peer_train.py");
        if (!DebianPython.Exists || DebianPython.Run("-c", "import torch").ExitCode != 0)
            throw new InvalidOperationException("peer needs Debian's PyTorch: apt-get install python3-torch");
        string? pytorchVersion = null;
        var results = variants.ToDictionary(v => v, _ => (FastDays: new List<(double Seconds, double Accuracy)>(), PyTorch: new List<(double, double)>()));
        for (var round = 1; round <= o.Rounds; round++)
            foreach (var v in variants)
            {
                var fd = FastDaysRun(o, v);
                results[v].FastDays.Add(fd);
                var (seconds, accuracy, version) = PyTorchRun(o, script, v == "default" ? "fp32" : v);
                pytorchVersion = version;
                results[v].PyTorch.Add((seconds, accuracy));
                Console.WriteLine(FormattableString.Invariant($"round {round} {v,-19} FastDays {fd.Seconds,6:F2} s ({fd.Accuracy:P2})  ") +
                    FormattableString.Invariant($"PyTorch {seconds,6:F2} s ({accuracy:P2})  ratio {fd.Seconds / seconds:F2}"));
            }
        Console.WriteLine($"\nsteady epoch (epoch {o.Epochs} of {o.Epochs}), median of {o.Rounds} rounds; PyTorch {pytorchVersion}, {o.Threads} threads each");
        Console.WriteLine("| variant | FastDays | PyTorch | FastDays / PyTorch | accuracy FastDays | accuracy PyTorch |\n|---|---:|---:|---:|---:|---:|");
        foreach (var (v, (fast, torch)) in results)
        {
            var (f, t) = (Median(fast.Select(r => r.Seconds)), Median(torch.Select(r => r.Item1)));
            var name = v == "default" ? "default (FastDays auto, PyTorch fp32)" : v;
            var (fa, ta) = (Median(fast.Select(r => r.Accuracy)), Median(torch.Select(r => r.Item2)));
            Console.WriteLine(FormattableString.Invariant($"| {name} | {f:F2} s | {t:F2} s | {f / t:F2}× | {fa:P2} | {ta:P2} |"));
        }
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // FastDays' `train` with the peer's settings (no augmentation, no TTA); the last epoch's seconds and accuracy.
    private static (double Seconds, double Accuracy) FastDaysRun(PeerBenchmarkOptions o, string variant)
    {
        var (precision, channelsLast) = variant switch
        {
            "fp32" => ("fp32", "false"),
            "channels_last" => ("fp32", "true"),
            "bf16_channels_last" => ("bf16", "true"),
            _ => ("auto", "auto"),
        };
        var path = Path.Combine(o.Out, variant);
        string[] args = [Path.Combine(AppContext.BaseDirectory, "FastDays.Examples.dll"), "train", "--arch", "xresnet_small", "--widths", "16,32,64,128",
            "--blocks", "1,1,1", "--epochs", $"{o.Epochs}", "--bs", "128", "--lr", "0.005", "--wd", "0.01", "--pct-start", "0.25",
            "--label-smoothing", "0.1", "--crop-padding", "0", "--flip", "false", "--erase", "0", "--mixup", "0", "--cutmix", "0", "--tta", "false",
            "--ensemble", "1", "--seed", "42", "--device", "cpu", "--precision", precision, "--channels-last", channelsLast, "--path", path];
        var (code, output, error) = ChildProcess.Run(Environment.ProcessPath ?? "dotnet", args);
        if (code != 0) throw new InvalidOperationException($"FastDays' train ({variant}) failed: {error.Trim().Split('\n')[^1]}");
        var times = output.Split('\n').Single(l => l.StartsWith("seconds per epoch: ", StringComparison.Ordinal))["seconds per epoch: ".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        var accuracy = double.Parse(File.ReadLines(Path.Combine(path, "history.csv")).Last().Split(',')[3], CultureInfo.InvariantCulture);
        return (times[^1], accuracy);
    }

    private static (double Seconds, double Accuracy, string Version) PyTorchRun(PeerBenchmarkOptions o, string script, string variant)
    {
        var (code, output, error) = DebianPython.Run(script, variant, "--epochs", $"{o.Epochs}", "--threads", $"{o.Threads}");
        if (code != 0) throw new InvalidOperationException($"{script} ({variant}) failed: {error.Trim().Split('\n')[^1]}");
        using var json = JsonDocument.Parse(output);
        var last = json.RootElement.GetProperty("epochs").EnumerateArray().Last();
        return (last.GetProperty("time").GetDouble(), last.GetProperty("accuracy").GetDouble(), json.RootElement.GetProperty("torch").GetString() ?? "?");
    }
}
