namespace FastDays.Foundations;

/// <summary>One line of a gradient check: how far two ways of computing (dw, db) are apart.</summary>
/// <param name="Comparison">What is compared, such as "hand vs autograd".</param>
/// <param name="MaxAbsError">The largest absolute difference over all entries of dw and db.</param>
/// <param name="RelativeError">The course's relative error ‖g₁ − g₂‖ / (‖g₁‖ + ‖g₂‖) over all entries.</param>
public sealed record GradientCheckRow(string Comparison, double MaxAbsError, double RelativeError);
