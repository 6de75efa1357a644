namespace FastDays.Serve;

/// <summary>One class and the model's probability for it.</summary>
/// <param name="Label">The class.</param>
/// <param name="Probability">Its probability (0 to 1).</param>
public sealed record ClassProbability(string Label, double Probability);
