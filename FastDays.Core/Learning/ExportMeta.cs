namespace FastDays.Learning;

/// <summary>The export.json of an exported learner.</summary>
public sealed record ExportMeta(int Version, string Arch, Dictionary<string, string> Args, List<string> Vocab, double[]? Mean, double[]? Std, string Activation);
