namespace FastDays.Learning;

/// <summary>The export.json of an exported learner; ItemShape is one model input without the batch dimension (absent in exports written before it
/// existed); Extras names the application's extra entries and ArchAssembly the assembly that registered the architecture (version 2); Blocks, NInp,
/// ItemTfms and BatchTfms are the data's blocks and validation transforms (version 3), so that a file is predicted as validation items were.</summary>
public sealed record ExportMeta(int Version, string Arch, Dictionary<string, string> Args, List<string> Vocab, double[]? Mean, double[]? Std,
    string Activation, long[]? ItemShape = null, List<string>? Extras = null, string? ArchAssembly = null, List<Data.BlockSpec>? Blocks = null,
    int NInp = 1, List<Data.TransformSpec>? ItemTfms = null, List<Data.TransformSpec>? BatchTfms = null);
