using SkiaSharp;

namespace FastDays.Plotting;

/// <summary>Finds a typeface that can draw text; plots are drawn without text when there is none.</summary>
public static class PlotFont
{
    private static readonly string[] FontRoots = ["/usr/share/fonts", "/usr/local/share/fonts"];

    private static readonly Lazy<SKTypeface?> Found = new(Resolve);

    /// <summary>A typeface with glyphs for plain ASCII, or null when this machine has no usable font.</summary>
    public static SKTypeface? Typeface => Found.Value;

    private static SKTypeface? Resolve()
    {
        // SkiaSharp's NoDependencies native build has no fontconfig, so its default typeface may have no glyphs: fall back to font files.
        foreach (var candidate in Candidates())
        {
            if (candidate is not null && candidate.GlyphCount > 0 && candidate.ContainsGlyphs("Ag0.")) return candidate;
            candidate?.Dispose();
        }
        return null;
    }

    private static IEnumerable<SKTypeface?> Candidates()
    {
        if (Environment.GetEnvironmentVariable("FASTDAYS_FONT") is { Length: > 0 } file && File.Exists(file)) yield return SKTypeface.FromFile(file);
        yield return SKTypeface.FromFamilyName("DejaVu Sans");
        yield return SKTypeface.Default;
        foreach (var path in FontFiles()) yield return SKTypeface.FromFile(path);
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
