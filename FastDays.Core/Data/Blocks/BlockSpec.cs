namespace FastDays.Data;

/// <summary>What an export records of a target block: its kind, type, class names and a shape (points per item, regression outputs).</summary>
public sealed record BlockSpec(string Kind, string Type, List<string> Vocab, long[]? Shape);
