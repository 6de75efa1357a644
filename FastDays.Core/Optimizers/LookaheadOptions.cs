namespace FastDays.Optimizers;

/// <summary>Lookahead's settings (fastai's Lookahead, Zhang et al. 2019): every K updates each weight moves back to its slow copy plus Alpha times
/// the way the K updates took it.</summary>
/// <param name="K">The updates between synchronisations, ≥ 1.</param>
/// <param name="Alpha">The share of the fast weights' progress the slow weights take, in (0, 1].</param>
public sealed record LookaheadOptions(int K = 6, double Alpha = 0.5)
{
    /// <summary>The updates between synchronisations.</summary>
    public int K { get; } = K >= 1 ? K : throw new ArgumentOutOfRangeException(nameof(K), K, "Lookahead's k must be at least 1");

    /// <summary>The share of the fast weights' progress the slow weights take.</summary>
    public double Alpha { get; } = Alpha is > 0 and <= 1 ? Alpha
        : throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Lookahead's alpha must be in (0, 1]");
}
