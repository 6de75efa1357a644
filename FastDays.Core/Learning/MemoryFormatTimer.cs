using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FastDays.Hardware;
using FastDays.Modules;
using FastDays.Persistence;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>Times training steps (forward and gradients of a training batch) of a learner's model in contiguous and channels-last memory and
/// in bfloat16 and float32, alternated, and remembers the faster layout and precision per machine and model shape — in the process and in a
/// cache file — so that a model is timed once. The timing leaves no trace: the batchnorm statistics and the random state are restored, and no
/// parameter's gradient is touched.</summary>
internal static class MemoryFormatTimer
{
    private static readonly ConcurrentDictionary<string, (bool Yes, string Reason)> Remembered = new();

    /// <summary>The default cache file, under the user's ~/.fastdays.</summary>
    public static string DefaultCacheFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fastdays", "cache", "memory-formats.tsv");

    /// <summary>Whether channels-last is faster for this learner, and why.</summary>
    public static (bool ChannelsLast, string Reason) Choose(Learner learn, CpuCapabilities cpu, SpeedOptions options)
    {
        if (!HasConvolutions(learn)) return (false, "auto: no convolutions");
        using var scope = NewDisposeScope();
        var rng = get_rng_state();   // restored after: the loader's transforms and the model's dropout may draw from it
        try
        {
            using var batch = learn.Dls.Train.OneBatch();
            var x = batch.X.is_floating_point() ? batch.X.to_type(learn.ComputeDtype()) : batch.X;
            var key = Key(learn, cpu, x);
            return Recall(key, "channels-last", "auto: ", options, cache => TimeLayouts(learn, x, options, cache, key, out _, out _));
        }
        finally { set_rng_state(rng); }
    }

    /// <summary>Whether bfloat16 mixed precision trains this learner faster than float32 (each in its faster layout), and why; the learner is left
    /// in float32, and the layouts timed on the way are remembered for Choose.</summary>
    public static (bool Bf16, string Reason) ChoosePrecision(Learner learn, CpuCapabilities cpu, SpeedOptions options)
    {
        using var scope = NewDisposeScope();
        var rng = get_rng_state();
        try
        {
            learn.ToFp32();
            using var batch = learn.Dls.Train.OneBatch();
            var key = "precision|" + Key(learn, cpu, batch.X);
            return Recall(key, "bf16", "", options, cache =>
            {
                double Fastest()
                {
                    var x = batch.X.is_floating_point() ? batch.X.to_type(learn.ComputeDtype()) : batch.X;
                    if (!HasConvolutions(learn)) return Time(learn, x, Math.Max(1, options.Steps), [false])[0];
                    TimeLayouts(learn, x, options, cache, Key(learn, cpu, x), out var contiguous, out var channelsLast);
                    return Math.Min(contiguous, channelsLast);
                }
                var fp32 = Fastest();
                learn.ToBf16();
                double bf16;
                try { bf16 = Fastest(); }
                finally { learn.ToFp32(); }   // exact: the float32 weights travel as the optimizer's master weights
                var times = string.Create(CultureInfo.InvariantCulture, $"{bf16:F1} ms a step in bfloat16 against {fp32:F1} in float32");
                cache[key] = $"{(bf16 < fp32 ? "bf16" : "fp32")}\t{times}";
                return Remembered[key] = (bf16 < fp32, times);
            });
        }
        finally { set_rng_state(rng); }
    }

    private static bool HasConvolutions(Learner learn) => learn.Model.parameters().Any(p => p.ndim == 4);

    // Times both layouts of the learner's current precision, and records the faster in the process and in the cache under key.
    private static (bool ChannelsLast, string Reason) TimeLayouts(Learner learn, Tensor x, SpeedOptions options,
        Dictionary<string, string> cache, string key, out double contiguous, out double channelsLast)
    {
        var medians = Time(learn, x, Math.Max(1, options.Steps), [true, false]);
        (channelsLast, contiguous) = (medians[0], medians[1]);
        var times = string.Create(CultureInfo.InvariantCulture, $"{channelsLast:F1} ms a step channels-last against {contiguous:F1} contiguous");
        cache[key] = $"{(channelsLast < contiguous ? "channels-last" : "contiguous")}\t{times}";
        return Remembered[key] = (channelsLast < contiguous, $"auto: {times}");
    }

    // The choice remembered for key in this process or in the cache file (yes: the file's word for true), or else the one that time makes;
    // time records its choice in the cache it is given, which is then written back.
    private static (bool Yes, string Reason) Recall(string key, string yes, string prefix, SpeedOptions options,
        Func<Dictionary<string, string>, (bool Yes, string Reason)> time)
    {
        if (Remembered.TryGetValue(key, out var known)) return known;
        var file = options.CacheFile ?? DefaultCacheFile;
        var cache = file.Length > 0 ? Read(file) : [];
        if (cache.TryGetValue(key, out var line) && Parse(line) is { } cached)
            return Remembered[key] = (cached.Choice == yes, $"{prefix}{cached.Times}, timed before ({file})");
        var chosen = time(cache);
        if (file.Length == 0) return chosen;
        try { Write(file, cache); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // a choice not remembered is made again next time
        return chosen;
    }

    // The machine (CPU, threads, device), the batch's shape and type, and the model's class, parameter shapes and layer types (two models that
    // differ only in their activations take different times).
    private static string Key(Learner learn, CpuCapabilities cpu, Tensor x)
    {
        var shapes = string.Join(';', learn.Model.named_parameters().Select(p => $"{p.name}:{string.Join('x', p.parameter.shape)}:{p.parameter.dtype}")) +
            "|" + string.Join(';', learn.Model.modules().Select(m => m.GetType().Name));
        var model = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(shapes)))[..16];
        return $"{cpu.Name}|{get_num_threads()} threads|{learn.Device}|{x.dtype} {string.Join('x', x.shape)}|{learn.Model.GetType().Name} {model}";
    }

    // Median milliseconds of a training step in each of the layouts (true: channels-last), alternated after a warm-up step of each.
    private static double[] Time(Learner learn, Tensor x, int steps, bool[] formats)
    {
        var model = learn.Model;
        var wasTraining = model.training;
        var buffers = model.buffers().Select(b => b.detach().clone()).ToList();
        var layouts = formats.Select(_ => new List<double>()).ToArray();
        try
        {
            model.train();
            var parameters = model.parameters().Where(p => p.requires_grad).Cast<Tensor>().ToList();
            for (var step = 0; step <= steps; step++)
                for (var f = 0; f < formats.Length; f++)
                {
                    var channelsLast = formats[f];
                    MemoryFormats.SetMemoryFormat(model, channelsLast);
                    if (!channelsLast) MemoryFormats.GuardConvolutions(model);
                    var clock = Stopwatch.StartNew();
                    using (var stepScope = NewDisposeScope())
                    {
                        var output = model.call(x);
                        var grads = autograd.grad([output.to_type(ScalarType.Float32).sum()], parameters);
                        _ = grads[^1].to_type(ScalarType.Float32).sum().item<float>();   // waits for the device
                    }
                    if (step > 0) layouts[f].Add(clock.Elapsed.TotalMilliseconds);
                }
        }
        finally
        {
            using (no_grad())
                foreach (var (buffer, saved) in model.buffers().Zip(buffers)) buffer.copy_(saved);
            model.train(wasTraining);
            foreach (var t in buffers) t.Dispose();
        }
        static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
        return [.. layouts.Select(Median)];
    }

    private static (string Choice, string Times)? Parse(string line) =>
        line.Split('\t') is [var choice and ("channels-last" or "contiguous" or "bf16" or "fp32"), var times] ? (choice, times) : null;

    // key → "choice\ttimes"; lines that do not have three fields are ignored (a damaged cache only costs a timing).
    private static Dictionary<string, string> Read(string file)
    {
        try
        {
            return File.Exists(file)
                ? File.ReadLines(file).Select(l => l.Split('\t', 2)).Where(f => f.Length == 2 && f[1].Contains('\t', StringComparison.Ordinal))
                    .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Last()[1])
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static void Write(string file, Dictionary<string, string> cache)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        AtomicFile.Write(file, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            foreach (var (key, value) in cache) writer.WriteLine($"{key}\t{value}");
        });
    }
}
