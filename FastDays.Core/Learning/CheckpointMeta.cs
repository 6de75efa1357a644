using FastDays.Callbacks;

namespace FastDays.Learning;

/// <summary>The meta.json of a checkpoint: format version, epoch and training iteration, optimizer hyper-parameters per group, and (version 2) what
/// Resume needs.</summary>
/// <param name="Version">1: weights and optimizer; 2: also the fit's position, loaders, Recorder and callback states.</param>
/// <param name="Epoch">The learner's epoch when saved.</param>
/// <param name="TrainIter">Training batches done in the fit.</param>
/// <param name="OptHypers">The optimizer's hyper-parameters per parameter group, when the optimizer was saved.</param>
/// <param name="NEpoch">The number of epochs of the fit under way.</param>
/// <param name="TrainPosition">Training batches of the current epoch done, when saved mid-way through the training pass.</param>
/// <param name="ValidPosition">Validation batches done, when saved mid-way through the validation pass.</param>
/// <param name="TrainLoaderEpoch">How many epochs the training loader had begun (its shuffle orders).</param>
/// <param name="Recorder">The Recorder's history.</param>
/// <param name="Callbacks">The states of IResumable callbacks, by type name.</param>
/// <param name="FrozenGroups">How many parameter groups were frozen (FreezeTo), so that a resumed FineTune knows its phase.</param>
/// <param name="TrainBatches">The training loader's batches per epoch (absent in older checkpoints), so a resume with another batch size is refused.</param>
/// <param name="Settings">The learner's ResumeSettings (absent when it had none), so a resume by a run of other settings is refused.</param>
/// <param name="Schedules">The fit's scheduled hyper-parameters sampled along it (ParamScheduler.Samples), so a resume with another schedule is
/// refused.</param>
/// <param name="FitLrs">Each parameter group's learning rate as the fit began it (Learner.FitLrs), so a resume with other learning rates is refused.
/// </param>
public sealed record CheckpointMeta(int Version, int Epoch, int TrainIter,
    List<Dictionary<string, double>>? OptHypers, int NEpoch = 0, int? TrainPosition = null,
    int? ValidPosition = null, int TrainLoaderEpoch = 0, RecorderState? Recorder = null,
        Dictionary<string, Dictionary<string, double>>? Callbacks = null, int FrozenGroups = 0, int? TrainBatches = null,
        Dictionary<string, string>? Settings = null, Dictionary<string, double[][]>? Schedules = null, double[]? FitLrs = null);
