namespace FastDays.Learning;

/// <summary>Where a resumed fit continues: the epoch, the training batch within it, the training iterations done so far, the fit's length, the
/// frozen parameter groups, the saved fit's scheduled hyper-parameters sampled along it (null when the checkpoint has none), which the resumed
/// fit's must match, the saved states of IResumable callbacks by type name, restored into the resumed fit's own callbacks too, and the learning
/// rates the saved fit began with, which the resumed fit's must equal; Checkpoint is the file, read again for the tensors of the fit's own
/// callbacks.</summary>
public sealed record ResumePoint(int Epoch, int Batch, int TrainIter, int NEpoch, int FrozenGroups = 0,
    IReadOnlyDictionary<string, double[][]>? Schedules = null, IReadOnlyDictionary<string, Dictionary<string, double>>? CallbackStates = null,
    IReadOnlyList<double>? FitLrs = null, string? Checkpoint = null);
