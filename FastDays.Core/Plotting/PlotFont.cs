using SkiaSharp;

namespace FastDays.Plotting;

/// <summary>Finds a typeface that can draw text; plots are drawn without text when there is none.</summary>
public static class PlotFont
{
    private static readonly string[] FontRoots = ["/usr/share/fonts", "/usr/local/share/fonts"];

    private static readonly Lazy<(SKTypeface? Typeface, string? File)> Found = new(Resolve);

    private static readonly Lazy<string?> ScottPlotName = new(RegisterWithScottPlot);

    /// <summary>A typeface with glyphs for plain ASCII, or null when this machine has no usable font.</summary>
    public static SKTypeface? Typeface => Found.Value.Typeface;

    /// <summary>The font family name ScottPlot draws text with (registered from the font file when one was needed), or null without a font.</summary>
    internal static string? FamilyForScottPlot => ScottPlotName.Value;

    private static string? RegisterWithScottPlot()
    {
        var (typeface, file) = Found.Value;
        if (typeface is null) return null;
        if (file is null) return typeface.FamilyName;
        // SkiaSharp's NoDependencies build finds no system fonts, so ScottPlot learns this one from its file under a name of our own.
        const string name = "FastDays Plot Font";
        ScottPlot.Fonts.AddFontFile(name, file);
        return name;
    }

    private static (SKTypeface?, string?) Resolve()
    {
        // SkiaSharp's NoDependencies native build has no fontconfig, so its default typeface may have no glyphs: fall back to font files.
        foreach (var (candidate, file) in Candidates())
        {
            if (candidate is not null && candidate.GlyphCount > 0 && candidate.ContainsGlyphs("Ag0.")) return (candidate, file);
            candidate?.Dispose();
        }
        return (null, null);
    }

    private static IEnumerable<(SKTypeface?, string?)> Candidates()
    {
        if (Environment.GetEnvironmentVariable("FASTDAYS_FONT") is { Length: > 0 } file && File.Exists(file)) yield return (SKTypeface.FromFile(file), file);
        yield return (SKTypeface.FromFamilyName("DejaVu Sans"), null);
        yield return (SKTypeface.Default, null);
        foreach (var path in FontFiles()) yield return (SKTypeface.FromFile(path), path);
    }

    private static IEnumerable<string> FontFiles()
    {
        string[] preferred =
        [
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
            "/usr/share/fonts/TTF/DejaVuSans.ttf",
            "/System/Library/Fonts/Supplemental/Arial.ttf",
            @"C:\Windows\Fonts\arial.ttf",
        ];
        foreach (var path in preferred.Where(File.Exists)) yield return path;
        foreach (var root in FontRoots.Where(Directory.Exists))
        {
            IEnumerable<string> files;
            try { files = Directory.EnumerateFiles(root, "*.ttf", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(20).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var path in files) yield return path;
        }
    }
}
