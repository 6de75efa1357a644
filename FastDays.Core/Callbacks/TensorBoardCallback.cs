using FastDays.Learning;
using TorchSharp;

namespace FastDays.Callbacks;

/// <summary>fastai's TensorBoardCallback: logs the smoothed training loss and learning rate per batch and the validation loss and metrics per epoch,
/// with TorchSharp's SummaryWriter.</summary>
public sealed class TensorBoardCallback(string? logDir = null) : Callback
{
    private TorchSharp.Modules.SummaryWriter? _writer;

    /// <inheritdoc />
    public override int Order => 65;

    /// <summary>The folder holding the event files (learner's path/runs by default).</summary>
    public string LogDir => logDir ?? Path.Combine(Learn.Path, "runs");

    /// <inheritdoc />
    public override void BeforeFit()
    {
        Directory.CreateDirectory(LogDir);
        _writer = torch.utils.tensorboard.SummaryWriter(LogDir);
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (!Learn.Training || _writer is null) return;
        _writer.add_scalar("train_loss", (float)Learn.Recorder.LastSmoothLoss, Learn.TrainIter);
        foreach (var (g, i) in Learn.Opt!.ParamGroups.Select((g, i) => (g, i)))
            foreach (var (name, value) in g.Hypers) _writer.add_scalar($"{name}_{i}", (float)value, Learn.TrainIter);
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        if (_writer is null) return;
        var names = Learn.Recorder.Names;
        for (var i = 2; i < names.Count - 1; i++) _writer.add_scalar(names[i], (float)Learn.Recorder.Values[^1][i - 1], Learn.TrainIter);
    }

    /// <summary>Lets the writer go, however the fit ended (TorchSharp's writer appends each event to its file as it goes).</summary>
    public override void Cleanup() => _writer = null;
}
