namespace FastDays.Learning;

/// <summary>What predict gives for one item (fastai's predict): the decoded target — a class name, a set of names, points, values — its text, the
/// class index where there is one (else -1), and the activated outputs.</summary>
public sealed record Prediction(object Decoded, string Text, long Index, float[] Outputs);
