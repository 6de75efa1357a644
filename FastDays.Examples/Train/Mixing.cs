namespace FastDays.Examples.Train;

/// <summary>The --mixup and --cutmix options of train and pets-style as callbacks: fastai's MixUp or CutMix with that alpha, or neither (0).</summary>
internal static class Mixing
{
    /// <summary>The callback the two alphas ask for; both set is an error naming the options.</summary>
    public static IEnumerable<Callback> Callbacks(double mixup, double cutmix) => (mixup, cutmix) switch
    {
        ( > 0, > 0) => throw new ArgumentException($"--mixup {mixup} and --cutmix {cutmix}: each blends every training batch, choose one"),
        ( > 0, _) => [new MixUp(mixup)],
        (_, > 0) => [new CutMix(cutmix)],
        _ => [],
    };

    /// <summary>The augmentation's words for the log.</summary>
    public static string Describe(double mixup, double cutmix) => mixup > 0 ? $"mixup {mixup}" : cutmix > 0 ? $"cutmix {cutmix}" : "";
}
