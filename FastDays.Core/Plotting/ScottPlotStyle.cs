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

    /// <summary>Renders the plot as PNG bytes of the given size.</summary>
    public static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);
}
