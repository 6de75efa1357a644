namespace FastDays.Benchmarks.Fuzz;

/// <summary>A mutant that the reader did not handle as documented: what was mutated, what happened, and where the file was kept.</summary>
internal sealed record FuzzFinding(string Format, string Mutation, string Outcome, string File);
