using FastDays.Callbacks;
using FastDays.Learning;

namespace FastDaysVision;

/// <summary>A callback of our own: one line per finished epoch with the losses, the accuracy and the learning rate.</summary>
public sealed class EpochLogger : Callback
{
    /// <inheritdoc />
    public override int Order => 60;   // after the Recorder (50), which makes the epoch's row

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        var r = Learn.Recorder;
        ProgressCallback.WriteLine(Learn, $"[EpochLogger] epoch {Learn.Epoch + 1}/{Learn.NEpoch}: train loss {r.Last("train_loss"):F4}, valid loss " +
            $"{r.Last("valid_loss"):F4}, " +
            $"accuracy {r.Last("accuracy"):P1}, lr {Learn.Opt!.ParamGroups[^1].Hypers["lr"]:E2}");
    }
}
