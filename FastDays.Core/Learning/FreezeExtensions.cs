using FastDays.Modules;

namespace FastDays.Learning;

/// <summary>fastai's freeze, freeze_to and unfreeze on a Learner: parameter groups stop training, batchnorm layers excepted while TrainBn.</summary>
public static class FreezeExtensions
{
    /// <summary>Freezes the first n parameter groups (negative n counts from the end), creating the optimizer if needed.</summary>
    public static void FreezeTo(this Learner learn, int n)
    {
        if (learn.Opt is null) learn.CreateOpt();
        learn.Opt!.FreezeTo(n, learn.TrainBn
            ? new HashSet<TorchSharp.Modules.Parameter>(ModelParts.NormParams(learn.Model), ReferenceEqualityComparer.Instance) : null);
    }

    /// <summary>Freezes every parameter group but the last (the head).</summary>
    public static void Freeze(this Learner learn) => learn.FreezeTo(-1);

    /// <summary>Makes every parameter group trainable again.</summary>
    public static void Unfreeze(this Learner learn) => learn.FreezeTo(0);
}
