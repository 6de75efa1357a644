using FastDays.Data;

namespace FastDays.Vision.Data;

/// <summary>fastai's SegmentationDataLoaders: image files and their masks (grayscale PNGs of class codes) found by a function of the image's path, as
/// CamVid lays them out (images/, labels/, codes.txt, optionally valid.txt).</summary>
public static class SegmentationDataLoaders
{
    /// <summary>Loaders of images and masks (fastai's from_label_func): labelFunc gives each image's mask file; the split is valid.txt's names when
    /// validList is given, else random with validPct; a mask file that does not exist is an error naming it and its image.</summary>
    /// <param name="path">The folder of the data (where errors and relative names start).</param>
    /// <param name="fnames">The image files.</param>
    /// <param name="labelFunc">The mask file of an image file.</param>
    /// <param name="codes">The class names, indexed by the codes the masks hold (ReadCodes reads codes.txt).</param>
    /// <param name="itemTfms">Item transforms (a Resize: images bilinear, masks nearest).</param>
    /// <param name="batchTfms">Batch transforms (augmentation moves the masks with their images; Normalize touches images only).</param>
    /// <param name="bs">The batch size.</param>
    /// <param name="validPct">The share of random validation items when validList is null.</param>
    /// <param name="seed">The seed of the split and the shuffling.</param>
    /// <param name="voidName">The code whose pixels the loss and metrics ignore (CamVid's Void), or null.</param>
    /// <param name="validList">A file listing the validation images' names (CamVid's valid.txt), or null for a random split.</param>
    public static DataLoaders FromLabelFunc(string path, IReadOnlyList<string> fnames, Func<string, string> labelFunc, IReadOnlyList<string> codes,
        IReadOnlyList<IItemTransform> itemTfms, IReadOnlyList<IBatchTransform> batchTfms, int bs = 8, double validPct = 0.2, int seed = 42,
        string? voidName = null, string? validList = null)
    {
        ArgumentNullException.ThrowIfNull(fnames);
        ArgumentNullException.ThrowIfNull(labelFunc);
        if (fnames.Count == 0) throw new ArgumentException($"{path}: no image files", nameof(fnames));
        foreach (var f in fnames)
        {
            var mask = labelFunc(f);
            if (!File.Exists(mask)) throw new FileNotFoundException($"{mask}: the mask of {Path.GetRelativePath(path, f)} is missing", mask);
        }
        return new DataBlock<string>
        {
            Blocks = [new ImageBlock(), new MaskBlock(codes, voidName)],
            GetY = labelFunc,
            Splitter = validList is null ? Splitters.RandomSplitter(validPct, seed) : Splitters.FileSplitter(validList),
            ItemTfms = itemTfms,
            BatchTfms = batchTfms,
            Name = f => Path.GetRelativePath(path, f),
        }.Dataloaders(fnames, bs, seed);
    }

    /// <summary>The class names of a codes.txt (one per line, fastai's np.loadtxt(path/'codes.txt', dtype=str)); an empty or missing file is an error
    /// naming it.</summary>
    public static IReadOnlyList<string> ReadCodes(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: the codes file is missing", file);
        var codes = File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return codes.Count > 0 ? codes : throw new InvalidDataException($"{file}: no codes (one class name per line)");
    }
}
