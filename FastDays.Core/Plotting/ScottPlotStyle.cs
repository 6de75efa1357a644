using ScottPlot;

namespace FastDays.Plotting;

/// <summary>The look FastDays gives every ScottPlot chart: its font (or no text when the machine has none), title and axis labels.</summary>
internal static class ScottPlotStyle
{
    /// <summary>Sets the font, title and axis labels of the plot; with no font, no text at all is drawn.</summary>
    public static void Apply(Plot plot, string? font, string title, string xLabel, string yLabel)
    {
        if (font is null)
        {
            plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
            plot.Axes.Left.TickLabelStyle.IsVisible = false;
            return;
        }
        plot.Font.Set(font);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
    }

    /// <summary>Builds a plot, renders it as PNG bytes of the given size (at least 200 × 150) and disposes it.</summary>
    public static byte[] Png(Func<Plot> build, int width, int height)
    {
        if (width < 200 || height < 150) throw new ArgumentException($"a plot needs at least 200x150 pixels, got {width}x{height}");
        using var plot = build();
        return Png(plot, width, height);
    }

    /// <summary>Renders the plot as PNG bytes of the given size.</summary>
    public static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);
}
