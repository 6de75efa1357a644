using System.Diagnostics;

namespace FastDays.Benchmarks.Fuzz;

/// <summary>Runs a format's reader on seeded mutants of its seed files, each within a time limit, and classifies the outcomes: loaded, refused with a
/// documented exception naming the file, or a finding.</summary>
internal sealed class Fuzzer(string workDir)
{
    /// <summary>The time a reader may take on one file before it counts as hanging.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Fuzzes one format with cases mutants drawn from seed; findings keep their mutant under workDir/findings.</summary>
    public FuzzReport Run(FuzzFormat format, int cases, int seed, Action<string>? progress = null)
    {
        var rng = new Random(seed);
        var seeds = format.Seeds.Select(File.ReadAllBytes).ToList();
        var dir = Directory.CreateDirectory(Path.Combine(workDir, format.Name)).FullName;
        var findings = new List<FuzzFinding>();
        var signatures = new Dictionary<string, int>(StringComparer.Ordinal);
        int loaded = 0, refused = 0;
        long maxManaged = 0, maxRss = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var pick = rng.Next(seeds.Count);
            var (data, mutation) = Mutator.Mutate(seeds[pick], rng);
            var file = Path.Combine(dir, $"case{Path.GetExtension(format.Seeds[pick])}");
            File.WriteAllBytes(file, data);
            var (outcome, managed, rss) = RunOne(format, file);
            (maxManaged, maxRss) = (Math.Max(maxManaged, managed), Math.Max(maxRss, rss));
            var budget = 64L * (1 << 20) + 64L * data.Length;
            if (outcome is not null && outcome.Length > 0) { }   // a finding already
            else if (managed > budget) outcome = $"allocated {managed / (1 << 20)} MB of managed memory for a file of {data.Length} bytes";
            else if (rss > 4 * budget) outcome = $"the resident memory grew by {rss / (1 << 20)} MB for a file of {data.Length} bytes";
            if (outcome is null) loaded++;
            else if (outcome.Length == 0) refused++;
            else
            {
                var signature = new string([.. outcome.Where(c => !char.IsDigit(c))]);
                signature = signature[..Math.Min(signature.Length, 120)];
                signatures[signature] = signatures.GetValueOrDefault(signature) + 1;
                var kept = Path.Combine(workDir, "findings", format.Name, $"finding{findings.Count}{Path.GetExtension(file)}");
                if (signatures[signature] <= 2)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
                    File.Copy(file, kept, overwrite: true);
                    findings.Add(new FuzzFinding(format.Name, $"{Path.GetFileName(format.Seeds[pick])}: {mutation}", outcome, kept));
                    progress?.Invoke($"  {format.Name} case {i}: {mutation} → {outcome}");
                }
                if (outcome.StartsWith("hung", StringComparison.Ordinal)) break;   // the stuck thread keeps running; stop this format
            }
        }
        return new FuzzReport(format.Name, cases, loaded, refused, findings, clock.Elapsed.TotalSeconds, maxManaged, maxRss);
    }

    // null: loaded; "": refused as documented; otherwise what went wrong.
    private (string? Outcome, long Managed, long Rss) RunOne(FuzzFormat format, string file)
    {
        SelfProcess.ResetPeakRss();
        var rssBefore = SelfProcess.CurrentRss();
        long managed = 0;
        var task = Task.Factory.StartNew(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try { format.Read(file); }
            finally { managed = GC.GetAllocatedBytesForCurrentThread() - before; }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool done;
        try { done = task.Wait(Timeout); }
        catch (AggregateException) { done = true; }
        var rss = SelfProcess.PeakRss() - rssBefore;
        if (!done) return ($"hung: no answer after {Timeout.TotalSeconds:F0} s", managed, rss);
        if (task.Exception?.InnerException is not { } e) return (null, managed, rss);
        if (!format.Refusals.Any(t => t.IsInstanceOfType(e))) return ($"{e.GetType().Name}: {FirstLine(e.Message)}", managed, rss);
        if (!e.Message.Contains(Path.GetFileName(file), StringComparison.Ordinal))
            return ($"{e.GetType().Name} without the file's name: {FirstLine(e.Message)}", managed, rss);
        return ("", managed, rss);
    }

    private static string FirstLine(string s) => s.Split('\n')[0];
}
