namespace FastDays.Callbacks;

/// <summary>What a Recorder has recorded, as saved in a checkpoint: per-batch losses, learning rates and momentums, per-epoch rows and times (absent in
/// older checkpoints), and the smoothed loss's running state.</summary>
public sealed record RecorderState(double[] Losses, double[] Lrs, double[] Moms, int[] Iters, double[][] Values, double SmoothRaw, int SmoothCount,
    double[]? EpochSeconds = null);
