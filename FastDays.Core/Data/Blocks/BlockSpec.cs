namespace FastDays.Data;

/// <summary>What an export records of a block: its kind, type, class names, a shape (points per item, regression outputs) and other settings.</summary>
public sealed record BlockSpec(string Kind, string Type, List<string> Vocab, long[]? Shape, Dictionary<string, string>? Args = null);
