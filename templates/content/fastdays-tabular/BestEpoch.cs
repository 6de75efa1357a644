using FastDays.Callbacks;
using FastDays.Learning;

namespace FastDaysTabular;

/// <summary>A callback of our own: remembers the epoch with the lowest validation loss and says so when it improves.</summary>
public sealed class BestEpoch : Callback
{
    /// <summary>The lowest validation loss so far.</summary>
    public double Loss { get; private set; } = double.PositiveInfinity;

    /// <summary>The epoch (from 0) that reached it.</summary>
    public int Epoch { get; private set; } = -1;

    /// <inheritdoc />
    public override int Order => 60;   // after the Recorder (50), which makes the epoch's row

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        var loss = Learn.Recorder.Last("valid_loss");
        if (loss >= Loss) return;
        (Loss, Epoch) = (loss, Learn.Epoch);
        ProgressCallback.WriteLine(Learn, $"[BestEpoch] epoch {Epoch + 1}: validation loss {Loss:F4}");
    }
}
