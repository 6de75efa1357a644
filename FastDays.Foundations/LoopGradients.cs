namespace FastDays.Foundations;

/// <summary>The gradients and cost of the loop implementation as plain numbers.</summary>
/// <param name="Dw">∂J/∂w, one entry per feature.</param>
/// <param name="Db">∂J/∂b.</param>
/// <param name="Cost">The cost J at the point where the gradients were taken.</param>
public sealed record LoopGradients(double[] Dw, double Db, double Cost);
