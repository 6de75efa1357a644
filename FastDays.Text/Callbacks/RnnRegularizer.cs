using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Text.Callbacks;

/// <summary>fastai's RNNRegularizer: in training, adds activation regularization (alpha × the mean square of the dropped-out output) and temporal
/// activation regularization (beta × the mean square of the raw output's change from one step to the next) to the loss.</summary>
/// <param name="alpha">The weight of AR.</param>
/// <param name="beta">The weight of TAR.</param>
public sealed class RnnRegularizer(double alpha = 2.0, double beta = 1.0) : Callback
{
    /// <summary>The weight of AR.</summary>
    public double Alpha { get; } = alpha;

    /// <summary>The weight of TAR.</summary>
    public double Beta { get; } = beta;

    /// <inheritdoc />
    public override void AfterLoss()
    {
        if (!Learn.Training || Learn.Model is not IRnnActivations { RawOutput: { } raw, Output: { } output }) return;
        var penalty = Penalty(raw, output, Alpha, Beta);
        Learn.LossGrad = Learn.LossGrad!.add(penalty, ScalarScope.One);
    }

    /// <summary>alpha · mean(output²) + beta · mean((raw[:, 1:] − raw[:, :−1])²), the book's AR and TAR.</summary>
    public static Tensor Penalty(Tensor raw, Tensor output, double alpha, double beta)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(output);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var ar = output.to_type(ScalarType.Float32).pow(scalars.Of(2.0)).mean().mul(scalars.Of(alpha));
        var steps = raw.shape[1];
        var tar = raw[.., 1..].sub(raw[.., ..(int)(steps - 1)]).to_type(ScalarType.Float32).pow(scalars.Of(2.0)).mean().mul(scalars.Of(beta));
        return ar.add(tar, ScalarScope.One).MoveToOuterDisposeScope();
    }
}
