using FastDays.Data;
using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>fastai's tta: predictions averaged over augmented passes, blended with the plain prediction.</summary>
public static class TtaExtensions
{
    /// <summary>Runs n passes over dl (the validation set by default) with batchTfms (the training batch transforms by default), then returns
    /// lerp(mean of augmented, plain, beta) (max instead of mean when useMax) and the targets.</summary>
    public static (Tensor Preds, Tensor Targets) Tta(this Learner learn, TfmdDL? dl = null, int n = 4, double beta = 0.25, bool useMax = false,
        IEnumerable<IBatchTransform>? batchTfms = null)
    {
        dl ??= learn.Dls.Valid;
        var options = dl.Options with { Training = true, Shuffle = false, DropLast = false };
        var augmented = new TfmdDL(dl.Dataset, options, batchTfms ?? learn.Dls.Train.BatchTransforms)
        {
            Device = learn.Device,
        };
        var passes = new List<Tensor>();
        try
        {
            for (var i = 0; i < n; i++) passes.Add(learn.GetPreds(augmented).Preds);
            var (plain, targets) = learn.GetPreds(dl);
            using var stacked = stack(passes);
            using var aug = useMax ? stacked.max(0).values : stacked.mean([0]);
            var blended = lerp(aug, plain, beta);
            plain.Dispose();
            return (blended, targets);
        }
        finally { foreach (var p in passes) p.Dispose(); }
    }
}
