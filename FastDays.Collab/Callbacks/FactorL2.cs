using FastDays.Collab.Models;
using FastDays.Tabular.Models;
using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Collab.Callbacks;

/// <summary>L2 on the factors a batch uses: in training, adds lambda × the batch's mean of |user factors|² + |item factors|² to the loss — the
/// regulariser of classic matrix factorisation. Unlike weight decay, which shrinks every row at every step, it pulls on a user's or item's factors
/// only when a rating of theirs is in the batch, so rarely rated rows are not shrunk to nothing between their ratings. For a TabularModel
/// (EmbeddingNN) the factors are its embeddings' rows.</summary>
/// <param name="lambda">The penalty's weight.</param>
public sealed class FactorL2(double lambda) : Callback
{
    /// <summary>The penalty's weight.</summary>
    public double Lambda { get; } = lambda >= 0 && double.IsFinite(lambda) ? lambda
        : throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "the weight of the factors' L2 is a finite number of 0 or more");

    /// <inheritdoc />
    public override void AfterLoss()
    {
        if (!Learn.Training || Lambda == 0 || Learn.Batch is not { } batch) return;
        using var penalty = Learn.Model switch
        {
            ICollabModel model => Penalty(model, batch.Parts[0], Lambda),
            TabularModel model => Penalty(model, batch.Parts[0], Lambda),
            _ => throw new InvalidOperationException("FactorL2 needs a model with factors (DotProductBias, EmbeddingDotBias) or embeddings (EmbeddingNN), " +
                $"not {Learn.Model.GetType().Name}"),
        };
        Learn.LossGrad = Learn.LossGrad!.add(penalty, ScalarScope.One);
    }

    /// <summary>lambda × mean over the batch of |user factors|² + |item factors|².</summary>
    public static Tensor Penalty(ICollabModel model, Tensor input, double lambda)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        return model.FactorNorms(input).mean().mul(scalars.Of(lambda)).MoveToOuterDisposeScope();
    }

    /// <summary>lambda × mean over the batch of the squared norms of the embedding rows each row's codes pick (one per categorical column).</summary>
    public static Tensor Penalty(TabularModel model, Tensor input, double lambda)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var weights = model.EmbeddingWeights();
        var codes = input.narrow(1, 0, weights.Count).to_type(ScalarType.Int64);
        var norms = weights.Select((w, j) => w.index_select(0, codes.select(1, j)).pow(scalars.Of(2)).sum(1)).Aggregate((a, b) => a.add(b, ScalarScope.One));
        return norms.mean().mul(scalars.Of(lambda)).MoveToOuterDisposeScope();
    }
}
