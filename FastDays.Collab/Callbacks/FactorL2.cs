using FastDays.Collab.Models;
using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Collab.Callbacks;

/// <summary>L2 on the factors a batch uses: in training, adds lambda × the batch's mean of |user factors|² + |item factors|² to the loss — the
/// regulariser of classic matrix factorisation. Unlike weight decay, which shrinks every row at every step, it pulls on a user's or item's factors
/// only when a rating of theirs is in the batch, so rarely rated rows are not shrunk to nothing between their ratings.</summary>
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
        var model = Learn.Model as ICollabModel
            ?? throw new InvalidOperationException($"FactorL2 needs a model with factors (DotProductBias, EmbeddingDotBias), not {Learn.Model.GetType().Name}");
        using var penalty = Penalty(model, batch.Parts[0], Lambda);
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
}
