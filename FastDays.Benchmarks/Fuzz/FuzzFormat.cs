namespace FastDays.Benchmarks.Fuzz;

/// <summary>A file format under fuzzing: its name, real files to mutate, the FastDays reader to run on each mutant, and the exceptions that count as
/// a clean refusal.</summary>
/// <param name="Name">The format's name, such as safetensors.</param>
/// <param name="Seeds">Real files of the format, the starting points of the mutations.</param>
/// <param name="Read">Reads one file the way users meet it, disposing what it made.</param>
/// <param name="Refusals">The documented exception types of the reader; any other is a finding.</param>
internal sealed record FuzzFormat(string Name, IReadOnlyList<string> Seeds, Action<string> Read, IReadOnlyList<Type> Refusals);
