using System.Text.RegularExpressions;
using FastDays.Data;
using FastDays.Persistence;
using FastDays.Vision.Images;
using FastDays.Vision.Transforms;
using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Vision.Data;

/// <summary>fastai's ImageDataLoaders: training and validation loaders of image files labelled by folder, file-name regex, a function or a CSV.</summary>
public static class ImageDataLoaders
{
    /// <summary>The largest labels CSV read (256 MiB).</summary>
    private const long MaxCsvBytes = 256L << 20;

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
        int bs = 64, double validPct = 0.2, int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail, ImageMode mode = ImageMode.Rgb)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        return FromPathFunc(path, file =>
        {
            var m = regex.Match(Path.GetFileName(file));
            return m.Success && m.Groups.Count > 1 ? m.Groups[1].Value
                : throw new InvalidDataException($"{file}: the file name does not match the label pattern {pattern}");
        }, itemTfms, batchTfms, bs, validPct, seed, policy, mode);
    }

    /// <summary>Labels from a function of each file's path (fastai's from_path_func), split at random.</summary>
    public static DataLoaders FromPathFunc(string path, Func<string, string> labelFunc, IReadOnlyList<IItemTransform> itemTfms,
        IReadOnlyList<IBatchTransform> batchTfms,
        int bs = 64, double validPct = 0.2, int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail, ImageMode mode = ImageMode.Rgb)
    {
        var files = CheckFiles(GetImageFiles(path), policy);
        var labels = files.Select(labelFunc).ToList();
        var (train, valid) = RandomSplitter(files.Count, validPct, seed);
        return Build(files, labels, train, valid, itemTfms, batchTfms, bs, seed, mode);
    }

    /// <summary>Labels from each file's parent folder, split by the grandparent folder (train/valid), as fastai's from_folder.</summary>
    public static DataLoaders FromFolder(string path, IReadOnlyList<IItemTransform> itemTfms, IReadOnlyList<IBatchTransform> batchTfms, string train = "train",
        string valid = "valid", int bs = 64, int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail, ImageMode mode = ImageMode.Rgb)
    {
        var files = CheckFiles(GetImageFiles(path), policy);
        var labels = files.Select(f => Path.GetFileName(Path.GetDirectoryName(f))!).ToList();
        var (t, v) = GrandparentSplitter(files, train, valid);
        return Build(files, labels, t, v, itemTfms, batchTfms, bs, seed, mode);
    }

    /// <summary>File names and labels from a CSV (header row; fnCol and labelCol by name); labelDelim splits multi-label cells into multi-hot
    /// targets.</summary>
    public static DataLoaders FromCsv(string path, string csvFile, IReadOnlyList<IItemTransform> itemTfms, IReadOnlyList<IBatchTransform> batchTfms,
        string fnCol = "fname", string labelCol = "labels", string? labelDelim = null, string folder = "", int bs = 64, double validPct = 0.2,
        int seed = 42, BadImagePolicy policy = BadImagePolicy.Fail, ImageMode mode = ImageMode.Rgb)
    {
        var csv = Path.Combine(path, csvFile);
        try { return FromCsvLines(path, csv, itemTfms, batchTfms, fnCol, labelCol, labelDelim, folder, bs, validPct, seed, policy, mode); }
        catch (InvalidDataException e) when (!e.Message.StartsWith(csv, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{csv}: {e.Message}", e);   // the images it names are unreadable, or too few are left to split
        }
    }

    private static DataLoaders FromCsvLines(string path, string csv, IReadOnlyList<IItemTransform> itemTfms, IReadOnlyList<IBatchTransform> batchTfms,
        string fnCol, string labelCol, string? labelDelim, string folder, int bs, double validPct, int seed, BadImagePolicy policy, ImageMode mode)
    {
        var lines = SafeFile.ReadAllText(csv, MaxCsvBytes, "CSV file").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidDataException($"{csv}: the file is empty");
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i :
            throw new InvalidDataException($"{csv}: no column '{name}' (have: {string.Join(", ", header)})");
        var (fi, li) = (Column(fnCol), Column(labelCol));
        var rows = lines.Skip(1).Select((l, n) => l.Split(',') is var cells && cells.Length > Math.Max(fi, li) ? cells
            : throw new InvalidDataException($"{csv}: line {n + 2} has {cells.Length} cells")).ToList();
        var badName = rows.FindIndex(r => r[fi].AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0);
        if (badName >= 0) throw new InvalidDataException($"{csv}: line {badName + 2}: the file name has characters no path can hold");
        var files = rows.Select(r => Path.Combine(path, folder, r[fi])).ToList();
        var good = CheckFiles(files, policy).ToHashSet(StringComparer.Ordinal);
        rows = [.. rows.Where((r, i) => good.Contains(files[i]))];
        files = [.. files.Where(good.Contains)];
        var (train, valid) = RandomSplitter(files.Count, validPct, seed);
        if (labelDelim is null) return Build(files, [.. rows.Select(r => r[li])], train, valid, itemTfms, batchTfms, bs, seed, mode);
        var sets = rows.Select(r => r[li].Split(labelDelim, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var vocab = sets.SelectMany(s => s).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = vocab.Select((label, j) => (label, j)).ToDictionary(p => p.label, p => p.j, StringComparer.Ordinal);
        // Filled on the host and copied once: a tensor per cell would leave one native handle per label to the finalizer.
        var hot = new float[(long)files.Count * vocab.Count];
        for (var i = 0; i < sets.Count; i++) foreach (var label in sets[i]) hot[(long)i * vocab.Count + index[label]] = 1f;
        return Loaders(files, tensor(hot, [files.Count, vocab.Count]), vocab, train, valid, itemTfms, batchTfms, bs, seed, mode);
    }

    /// <summary>fastai's RandomSplitter: a seeded shuffle, the first validPct of it for validation.</summary>
    public static (int[] Train, int[] Valid) RandomSplitter(int count, double validPct = 0.2, int seed = 42)
    {
        if (validPct is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(validPct), validPct, "valid_pct must be between 0 and 1");
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var cut = (int)(validPct * count);
        return ([.. order[cut..].Order()], [.. order[..cut].Order()]);
    }

    /// <summary>fastai's GrandparentSplitter: items whose grandparent folder is train or valid.</summary>
    public static (int[] Train, int[] Valid) GrandparentSplitter(IReadOnlyList<string> files, string train = "train", string valid = "valid")
    {
        string Grandparent(string f) => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f))) ?? "";
        return ([.. Enumerable.Range(0, files.Count).Where(i => Grandparent(files[i]) == train)],
                [.. Enumerable.Range(0, files.Count).Where(i => Grandparent(files[i]) == valid)]);
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

    private static DataLoaders Build(IReadOnlyList<string> files, IReadOnlyList<string> labels, int[] train, int[] valid,
        IReadOnlyList<IItemTransform> itemTfms,
        IReadOnlyList<IBatchTransform> batchTfms, int bs, int seed, ImageMode mode)
    {
        var vocab = labels.Distinct().Order(StringComparer.Ordinal).ToList();
        var lookup = vocab.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => (long)p.i, StringComparer.Ordinal);
        var targets = tensor(labels.Select(l => lookup[l]).ToArray());
        return Loaders(files, targets, vocab, train, valid, itemTfms, batchTfms, bs, seed, mode);
    }

    private static DataLoaders Loaders(IReadOnlyList<string> files, Tensor targets, List<string> vocab, int[] train, int[] valid,
        IReadOnlyList<IItemTransform> itemTfms,
        IReadOnlyList<IBatchTransform> batchTfms, int bs, int seed, ImageMode mode)
    {
        if (train.Length == 0 || valid.Length == 0)
            throw new InvalidDataException($"the split leaves {train.Length} training and {valid.Length} validation images");
        ImageDataset Subset(int[] idx, bool training)
        {
            using var index = tensor(idx.Select(i => (long)i).ToArray());
            return new ImageDataset([.. idx.Select(i => files[i])], targets.index_select(0, index), itemTfms, training, seed, mode);
        }
        return new DataLoaders(
            new TfmdDL(Subset(train, true), new DataLoaderOptions { BatchSize = bs, Shuffle = true, Seed = seed, Training = true }, batchTfms),
            new TfmdDL(Subset(valid, false), new DataLoaderOptions { BatchSize = bs }, batchTfms),
            vocab);
    }
}
