namespace FastDays.Learning;

/// <summary>The meta.json of a checkpoint: format version, epoch, training iteration and optimizer hyper-parameters per group.</summary>
public sealed record CheckpointMeta(int Version, int Epoch, int TrainIter, List<Dictionary<string, double>>? OptHypers);
