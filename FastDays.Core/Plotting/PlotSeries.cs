namespace FastDays.Plotting;

/// <summary>One named line of a <see cref="LinePlot"/>: its (x, y) points in drawing order.</summary>
/// <param name="Name">The legend entry.</param>
/// <param name="Points">The points; non-finite values break the line instead of failing.</param>
/// <param name="Dashed">Whether the line is dashed, so that a series lying exactly on another stays visible.</param>
public sealed record PlotSeries(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);
