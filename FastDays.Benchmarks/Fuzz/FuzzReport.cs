namespace FastDays.Benchmarks.Fuzz;

/// <summary>The outcome of fuzzing one format: how many mutants loaded, how many were refused cleanly, the findings, and the largest memory any case
/// took.</summary>
internal sealed record FuzzReport(string Format, int Cases, int Loaded, int Refused, IReadOnlyList<FuzzFinding> Findings, double Seconds,
    long MaxManagedBytes, long MaxPeakRssGrowth);
