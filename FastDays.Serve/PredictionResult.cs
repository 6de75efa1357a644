namespace FastDays.Serve;

/// <summary>What /predict answers: the decoded prediction, and the probability of each class (largest first) where the model classifies.</summary>
/// <param name="Prediction">The decoded prediction: a class, a set of classes, a number.</param>
/// <param name="Probabilities">Each class's probability, largest first; empty for regression.</param>
public sealed record PredictionResult(string Prediction, IReadOnlyList<ClassProbability> Probabilities);
