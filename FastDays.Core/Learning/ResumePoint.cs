namespace FastDays.Learning;

/// <summary>Where a resumed fit continues: the epoch, the training batch within it, the training iterations done so far, the fit's length, and the
/// frozen parameter groups.</summary>
public sealed record ResumePoint(int Epoch, int Batch, int TrainIter, int NEpoch, int FrozenGroups = 0);
