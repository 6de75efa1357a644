using FastDays.Learning;

namespace FastDays.Metrics;

/// <summary>fastai's Perplexity: the exponential of the loss averaged over the pass (weighted by batch size), for language models.</summary>
internal sealed class Perplexity : Metric, IDisposable
{
    private readonly AvgLoss _loss = new();

    /// <inheritdoc />
    public override string Name => "perplexity";

    /// <inheritdoc />
    public override double Value => Math.Exp(_loss.Value);

    /// <inheritdoc />
    public override void Reset() => _loss.Reset();

    /// <inheritdoc />
    public override void Accumulate(Learner learn) => _loss.Accumulate(learn);

    /// <inheritdoc />
    public void Dispose() => _loss.Dispose();
}
