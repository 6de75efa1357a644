using FastDays.Data;
using FastDays.Persistence;
using FastDays.Vision.Images;
using SkiaSharp;

namespace FastDays.Vision.Data;

/// <summary>fastai's ImageDataLoaders: training and validation loaders of image files labelled by folder, file-name regex, a function or a CSV.</summary>
public static class ImageDataLoaders
{
    /// <summary>The file extensions treated as images.</summary>
    public static IReadOnlySet<string> ImageExtensions { get; } =
        new HashSet<string>([".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Every image file under a folder, recursively (following links to folders, never into a cycle), in ordinal order.</summary>
    public static List<string> GetImageFiles(string path)
    {
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"image folder {path} does not exist");
        return [.. SafeFile.EnumerateFiles(path).Where(f => ImageExtensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal)];
    }

    /// <summary>Labels from the first group of a regular expression matched against each file name (fastai's from_name_re); a file that does not
    /// match is an error naming it.</summary>
    public static DataLoaders FromNameRe(string path, string pattern, IReadOnlyList<IItemTransform> itemTfms, IReadOnlyList<IBatchTransform> batchTfms,
        int bs = 64, double validPct = 0.2, int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail, ImageMode mode = ImageMode.Rgb) =>
        FromPathFunc(path, Labellers.RegexLabeller(pattern), itemTfms, batchTfms, bs, validPct, seed, policy, mode);

    /// <summary>Labels from a function of each file's path (fastai's from_path_func), split at random.</summary>
    public static DataLoaders FromPathFunc(string path, Func<string, string> labelFunc, IReadOnlyList<IItemTransform> itemTfms,
        IReadOnlyList<IBatchTransform> batchTfms,
        int bs = 64, double validPct = 0.2, int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail, ImageMode mode = ImageMode.Rgb) =>
        FromFiles(CheckFiles(GetImageFiles(path), policy), labelFunc, itemTfms, batchTfms, bs, validPct, seed, mode);

    /// <summary>Labels from each file's parent folder (fastai's from_folder): split by the grandparent folder (train/valid), or at random with validPct.
    /// </summary>
    public static DataLoaders FromFolder(string path, IReadOnlyList<IItemTransform> itemTfms, IReadOnlyList<IBatchTransform> batchTfms, string train = "train",
        string valid = "valid", double? validPct = null, int bs = 64, int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail,
            ImageMode mode = ImageMode.Rgb)
    {
        var block = new DataBlock<string>
        {
            Blocks = [new ImageBlock(mode), new CategoryBlock()],
            GetY = Labellers.ParentLabel,
            Splitter = validPct is { } pct ? Splitters.RandomSplitter(pct, seed) : Splitters.GrandparentSplitter(train, valid),
            ItemTfms = itemTfms,
            BatchTfms = batchTfms,
        };
        return block.Dataloaders(CheckFiles(GetImageFiles(path), policy), bs, seed);
    }

    /// <summary>Image files and their labels as two lists (fastai's from_lists): file names relative to path, split at random.</summary>
    public static DataLoaders FromLists(string path, IReadOnlyList<string> fnames, IReadOnlyList<string> labels, IReadOnlyList<IItemTransform> itemTfms,
        IReadOnlyList<IBatchTransform> batchTfms, int bs = 64, double validPct = 0.2, int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail,
        ImageMode mode = ImageMode.Rgb)
    {
        ArgumentNullException.ThrowIfNull(fnames);
        ArgumentNullException.ThrowIfNull(labels);
        if (fnames.Count != labels.Count) throw new ArgumentException($"{fnames.Count} file names but {labels.Count} labels", nameof(labels));
        var label = fnames.Select((f, i) => (Path.Combine(path, f), labels[i])).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        return FromFiles(CheckFiles([.. label.Keys], policy), f => label[f], itemTfms, batchTfms, bs, validPct, seed, mode);
    }

    private static DataLoaders FromFiles(IReadOnlyList<string> files, Func<string, string> labelFunc, IReadOnlyList<IItemTransform> itemTfms,
        IReadOnlyList<IBatchTransform> batchTfms, int bs, double validPct, int seed, ImageMode mode) =>
        new DataBlock<string>
        {
            Blocks = [new ImageBlock(mode), new CategoryBlock()],
            GetY = labelFunc,
            Splitter = Splitters.RandomSplitter(validPct, seed),
            ItemTfms = itemTfms,
            BatchTfms = batchTfms,
        }.Dataloaders(files, bs, seed);

    /// <summary>File names and labels from a CSV (header row; fnCol and labelCol by name, fastai's from_csv); labelDelim splits multi-label cells
    /// into multi-hot targets, validCol (true/false) splits instead of a random validPct.</summary>
    public static DataLoaders FromCsv(string path, string csvFile, IReadOnlyList<IItemTransform> itemTfms, IReadOnlyList<IBatchTransform> batchTfms,
        string fnCol = "fname", string labelCol = "labels", string? labelDelim = null, string folder = "", int bs = 64, double validPct = 0.2,
        int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail, ImageMode mode = ImageMode.Rgb, string? validCol = null)
    {
        var csv = Path.Combine(path, csvFile);
        try
        {
            return FromDf(CsvRows.Read(csv), path, itemTfms, batchTfms, fnCol, labelCol, labelDelim, folder, bs, validPct, seed, policy, mode, validCol, csv);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(csv, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{csv}: {e.Message}", e);   // the images it names are unreadable, or too few are left to split
        }
    }

    /// <summary>File names and labels from table rows (column name → cell; fastai's from_df); the options are FromCsv's, source names the table in
    /// errors.</summary>
    public static DataLoaders FromDf(IReadOnlyList<IReadOnlyDictionary<string, string>> rows, string path, IReadOnlyList<IItemTransform> itemTfms,
        IReadOnlyList<IBatchTransform> batchTfms, string fnCol = "fname", string labelCol = "labels", string? labelDelim = null, string folder = "",
        int bs = 64, double validPct = 0.2, int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail, ImageMode mode = ImageMode.Rgb,
        string? validCol = null, string source = "table")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var line = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < rows.Count; i++) line[rows[i]] = i + 2;
        string File(IReadOnlyDictionary<string, string> row)
        {
            var name = Labellers.Cell(row, fnCol);
            return name.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) < 0 ? Path.Combine(path, folder, name)
                : throw new InvalidDataException($"line {line[row]}: the file name has characters no path can hold");
        }
        foreach (var row in rows) Labellers.Cell(row, labelCol);
        var files = rows.Select(File).ToList();
        var good = CheckFiles(files, policy).ToHashSet(StringComparer.Ordinal);
        var kept = rows.Where((_, i) => good.Contains(files[i])).ToList();
        var block = new DataBlock<IReadOnlyDictionary<string, string>>
        {
            Blocks = [new ImageBlock(mode), labelDelim is null ? new CategoryBlock() : new MultiCategoryBlock()],
            GetX = File,
            GetY = Labellers.ColReader(labelCol, labelDelim: labelDelim),
            Splitter = validCol is null ? Splitters.RandomSplitter(validPct, seed) : Splitters.ColSplitter(validCol),
            ItemTfms = itemTfms,
            BatchTfms = batchTfms,
            Name = row => $"{source}: line {line[row]} ({Formats.Clip(Labellers.Cell(row, fnCol), 80)})",
        };
        return block.Dataloaders(kept, bs, seed);
    }

    /// <summary>The files whose headers are readable images; the others fail the build or are skipped with a warning, by policy.</summary>
    public static List<string> CheckFiles(IReadOnlyList<string> files, BadImagePolicy policy)
    {
        var bad = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Parallel.ForEach(files, f =>
        {
            try
            {
                using var stream = SafeFile.OpenRead(f, "image");
                if (stream.Length == 0) { bad[f] = "empty file"; return; }
                using var codec = SKCodec.Create(stream);
                if (codec is null) bad[f] = "not an image";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException) { bad[f] = e.Message; }
        });
        if (bad.IsEmpty) return [.. files];
        var list = string.Join("\n  ", bad.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}: {b.Value}"));
        if (policy == BadImagePolicy.Fail)
            throw new InvalidDataException($"{bad.Count} unreadable image file(s) (BadImagePolicy.Skip leaves them out):\n  {list}");
        Console.Error.WriteLine($"warning: skipping {bad.Count} unreadable image file(s):\n  {list}");
        return [.. files.Where(f => !bad.ContainsKey(f))];
    }
}
