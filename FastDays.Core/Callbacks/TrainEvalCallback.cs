using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>Switches the model between train and eval mode and keeps the training-progress counters (a default callback).</summary>
public sealed class TrainEvalCallback : Callback
{
    /// <inheritdoc />
    public override int Order => -10;

    /// <inheritdoc />
    public override void BeforeFit() { Learn.Epoch = 0; Learn.TrainIter = Learn.Resuming?.TrainIter ?? 0; Learn.PctTrain = 0; }

    /// <inheritdoc />
    public override void BeforeTrain()
    {
        // Computed from the counters (not accumulated), so a resumed fit schedules exactly as an uninterrupted one.
        Learn.PctTrain = (Learn.Epoch + (double)Learn.Dl!.Next.Batch / Learn.Dl.Count) / Learn.NEpoch;
        Learn.Model.train();
        Learn.Training = true;
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (!Learn.Training) return;
        Learn.PctTrain = (Learn.Epoch + (Learn.Iter + 1.0) / Learn.NIter) / Learn.NEpoch;
        Learn.TrainIter++;
    }

    /// <inheritdoc />
    public override void BeforeValidate()
    {
        Learn.Model.eval();
        Learn.Training = false;
    }
}
