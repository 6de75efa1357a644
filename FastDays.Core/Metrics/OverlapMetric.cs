using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>fastai's Dice and JaccardCoeff of binary segmentation: predictions argmax-decoded along axis 1 (the classes), the intersection and the
/// union (the sum of both masks) counted over the whole pass; Dice = 2·inter / union, Jaccard = inter / (union − inter).</summary>
internal sealed class OverlapMetric(bool jaccard) : Metric, IDisposable
{
    private readonly RunningSum _inter = new();
    private readonly RunningSum _union = new();

    /// <inheritdoc />
    public override string Name => jaccard ? "jaccard_coeff" : "dice";

    /// <inheritdoc />
    public override double Value
    {
        get
        {
            var (inter, union) = (_inter.Mean * _inter.Count, _union.Mean * _union.Count);
            return union == 0 ? double.NaN : jaccard ? inter / (union - inter) : 2 * inter / union;
        }
    }

    /// <inheritdoc />
    public override void Reset()
    {
        _inter.Reset();
        _union.Reset();
    }

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var scope = NewDisposeScope();
        var pred = learn.Pred!.detach().argmax(1).to_type(ScalarType.Float64).reshape(-1);
        var targ = learn.Batch!.Y.to_type(ScalarType.Float64).reshape(-1);
        if (pred.shape[0] != targ.shape[0])
            throw new ArgumentException($"{Name} needs a target per pixel: predictions decode to {pred.shape[0]} values, targets have {targ.shape[0]}");
        _inter.Add(pred.mul(targ).sum(), 1);
        _union.Add(pred.add(targ, ScalarScope.One).sum(), 1);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inter.Dispose();
        _union.Dispose();
    }
}
