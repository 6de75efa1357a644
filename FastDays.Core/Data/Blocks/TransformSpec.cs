namespace FastDays.Data;

/// <summary>What an export records of a transform: its registered name and its settings as text.</summary>
public sealed record TransformSpec(string Name, Dictionary<string, string> Args);
