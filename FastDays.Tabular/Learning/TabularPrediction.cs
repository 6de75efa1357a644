namespace FastDays.Tabular.Learning;

/// <summary>One decoded prediction: the class name (or the regressed value as text), the class index (or the value), and the raw activations.</summary>
public sealed record TabularPrediction(string Label, double Value, float[] Probs);
