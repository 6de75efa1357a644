using FastDays.Plotting;
using FastDays.Tests.Support;
using SkiaSharp;

namespace FastDays.Tests.Plotting;

public sealed class LinePlotTests
{
    private static bool Near(SKColor a, SKColor b, int tolerance = 40) =>
        Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue) <= tolerance;

    /// <summary>For every pixel column inside the frame of the plot area, the mean row of the pixels in the colour, or NaN when there are none.</summary>
    private static double[] CentreRows(SKBitmap bitmap, SKRect area, SKColor color)
    {
        var rows = new double[(int)area.Width - 2];
        for (var c = 0; c < rows.Length; c++)
        {
            var hits = Enumerable.Range((int)area.Top + 1, (int)area.Height - 2).Where(r => Near(bitmap.GetPixel((int)area.Left + 1 + c, r), color)).ToList();
            rows[c] = hits.Count > 0 ? hits.Average() : double.NaN;
        }
        return rows;
    }

    /// <summary>The largest distance, in pixels, of the points from their least-squares straight line.</summary>
    private static double MaxResidualFromLine(IReadOnlyList<(double X, double Y)> points)
    {
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var slope = points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
        return points.Max(p => Math.Abs(p.Y - (my + slope * (p.X - mx))));
    }

    private static SKBitmap Render(LinePlot plot) => SKBitmap.Decode(plot.ToPng()) ?? throw new InvalidDataException("not a PNG");

    [Test]
    public void SavesAPngOfTheRequestedSizeAtomicallyAndCreatesTheFolder()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "plots", "cost.png");
        var plot = new LinePlot { Title = "cost", Width = 640, Height = 360 }.Add("a", [3.0, 2.0, 1.5]);
        plot.Save(path);
        File.WriteAllText(path + ".other", "untouched");
        plot.Save(path);   // overwrites
        using var bitmap = SKBitmap.Decode(path);
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((640, 360)));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "cost.png", "cost.png.other" }), "no temporary files left");
        Assert.That(() => new LinePlot { Width = 50 }.ToPng(), Throws.ArgumentException.With.Message.Contains("50x500"));
    }

    [Test]
    public void EachSeriesIsDrawnInItsOwnColourAcrossThePlotArea()
    {
        var plot = new LinePlot { ShowLegend = false }
            .Add("rising", Enumerable.Range(0, 50).Select(i => (i * 1.0, i * 2.0)))
            .Add("falling", Enumerable.Range(0, 50).Select(i => (i * 1.0, 100 - i * 2.0)));
        using var bitmap = Render(plot);
        var area = plot.PlotArea;
        var rising = CentreRows(bitmap, area, LinePlot.ColorOf(0));
        var falling = CentreRows(bitmap, area, LinePlot.ColorOf(1));
        Assert.That(rising.Count(double.IsFinite), Is.GreaterThan(area.Width * 0.9));
        Assert.That(falling.Count(double.IsFinite), Is.GreaterThan(area.Width * 0.9));
        // Screen rows grow downwards: the rising line starts low (large row) and ends high, the falling one the other way.
        var first = 5;
        var last = rising.Length - 6;
        Assert.That(rising[first], Is.GreaterThan(rising[last] + area.Height * 0.7));
        Assert.That(falling[first], Is.LessThan(falling[last] - area.Height * 0.7));
    }

    [Test]
    public void ALogXAxisTurnsALogarithmIntoAStraightLine()
    {
        var points = Enumerable.Range(0, 200).Select(i => Math.Pow(10, -5 + 5.0 * i / 199)).Select(x => (x, Math.Log10(x))).ToList();
        double Residual(bool logX)
        {
            var plot = new LinePlot { LogX = logX, ShowLegend = false }.Add("log10", points);
            using var bitmap = Render(plot);
            var rows = CentreRows(bitmap, plot.PlotArea, LinePlot.ColorOf(0));
            var drawn = rows.Select((r, c) => ((double)c, r)).Where(p => double.IsFinite(p.r)).ToList();
            Assert.That(drawn.Count, Is.GreaterThan(plot.PlotArea.Width * 0.9), $"logX={logX}: the line spans the plot");
            return MaxResidualFromLine(drawn);
        }
        Assert.That(Residual(logX: true), Is.LessThan(2.0));
        Assert.That(Residual(logX: false), Is.GreaterThan(50.0));
    }

    [Test]
    public void NonFiniteValuesBreakTheLineAndNonPositiveValuesOnALogAxisAreRejected()
    {
        var ys = Enumerable.Range(0, 100).Select(i => i is >= 40 and < 60 ? double.NaN : 1.0 + (i % 2) * 0.001).ToList();
        var plot = new LinePlot { ShowLegend = false }.Add("loss", ys);
        using var bitmap = Render(plot);
        var rows = CentreRows(bitmap, plot.PlotArea, LinePlot.ColorOf(0));
        var gap = rows.Skip((int)(rows.Length * 0.42)).Take((int)(rows.Length * 0.16));
        Assert.That(gap.All(double.IsNaN), "nothing drawn where the values are NaN");
        Assert.That(rows.Take((int)(rows.Length * 0.38)).All(double.IsFinite), "drawn before the gap");
        Assert.That(rows.Skip((int)(rows.Length * 0.62)).All(double.IsFinite), "drawn after the gap");

        var lrFind = new LinePlot { LogX = true }.Add("lr", [(1e-3, 2.0), (0.0, 1.0)]);
        Assert.That(() => lrFind.ToPng(), Throws.ArgumentException.With.Message.Contains("'lr'").And.Message.Contains("log x axis"));
        Assert.That(new LinePlot().ToPng(), Is.Not.Empty, "an empty plot still draws its axes");
    }

    [Test]
    public void ADashedSeriesOnTopOfASolidOneLeavesBothVisible()
    {
        var ys = Enumerable.Range(0, 100).Select(i => 1.0 / (1 + i)).ToList();
        var plot = new LinePlot { ShowLegend = false }.Add("hand", ys).Add("autograd", ys, dashed: true);
        using var bitmap = Render(plot);
        var solid = CentreRows(bitmap, plot.PlotArea, LinePlot.ColorOf(0)).Count(double.IsFinite);
        var dashed = CentreRows(bitmap, plot.PlotArea, LinePlot.ColorOf(1)).Count(double.IsFinite);
        Assert.That(solid, Is.GreaterThan(plot.PlotArea.Width * 0.2), "the solid line shows through the gaps");
        Assert.That(dashed, Is.GreaterThan(plot.PlotArea.Width * 0.3).And.LessThan(plot.PlotArea.Width * 0.9), "the dashed line has gaps");
    }

    [Test]
    public void TextIsDrawnWhenAFontExistsAndTheChartIsStillWrittenWithoutOne()
    {
        int DarkPixelsAbove(LinePlot plot)
        {
            using var bitmap = Render(plot);
            var count = 0;
            for (var r = 0; r < (int)plot.PlotArea.Top - 2; r++)
                for (var c = 0; c < bitmap.Width; c++)
                    if (bitmap.GetPixel(c, r).Red < 128) count++;
            return count;
        }
        var withText = DarkPixelsAbove(new LinePlot { Title = "Cost per iteration" }.Add("hand", [1.0, 0.5]));
        var withoutText = DarkPixelsAbove(new LinePlot { Title = "Cost per iteration", DrawText = false }.Add("hand", [1.0, 0.5]));
        Assert.That(withoutText, Is.Zero);
        TestContext.Out.WriteLine($"font found: {LinePlot.CanDrawText}, dark title pixels: {withText}");
        if (LinePlot.CanDrawText) Assert.That(withText, Is.GreaterThan(50), "the title is drawn");
        else Assert.That(withText, Is.Zero, "no font, no text, but still a plot");
    }
}
