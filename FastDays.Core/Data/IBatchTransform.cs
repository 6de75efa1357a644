namespace FastDays.Data;

/// <summary>A transform applied to whole batches on the device after loading (fastai's after_batch), such as augmentation or normalisation.</summary>
public interface IBatchTransform
{
    /// <summary>Transforms the batch; training is false on the validation set, where only deterministic transforms apply.</summary>
    Batch Apply(Batch batch, bool training);

    /// <summary>Transforms the batch with random draws from seed, which the loader derives from the batch's place (epoch, index) so that a resumed
    /// run draws the same.</summary>
    Batch Apply(Batch batch, bool training, int seed) => Apply(batch, training);
}
