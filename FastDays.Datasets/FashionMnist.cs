using System.Reflection;

namespace FastDays.Datasets;

/// <summary>Finds and reads Fashion-MNIST, in the spirit of fastai's untar_data, down to an embedded tiny subset.</summary>
public static class FashionMnist
{
    /// <summary>The ten class names, indexed by label.</summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The four files and the MD5 checksums of their official copies.</summary>
    public static IReadOnlyList<(string Name, string Md5)> Files { get; } =
    [
        ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    ];

    /// <summary>The default download cache, ~/.fastdays/data/fashion-mnist.</summary>
    public static string DefaultCacheDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fastdays", "data", "fashion-mnist");

    /// <summary>Loads the full data set from the first place that has it, or the embedded subset as the last resort.</summary>
    public static FashionMnistData Load(FashionMnistOptions? options = null)
    {
        options ??= new FashionMnistOptions();
        if (options.Path is { } explicitPath)
        {
            if (!HasAllFiles(explicitPath))
                throw new FileNotFoundException($"{explicitPath} does not hold the Fashion-MNIST files ({string.Join(", ", Files.Select(f => f.Name))})");
            return ReadFolder(explicitPath, DataOrigin.ExplicitPath);
        }
        if (Environment.GetEnvironmentVariable("FASTDAYS_DATA") is { Length: > 0 } env)
        {
            foreach (var folder in new[] { Path.Combine(env, "fashion-mnist"), env })
                if (HasAllFiles(folder)) return ReadFolder(folder, DataOrigin.EnvironmentVariable);
        }
        var cache = options.CacheDirectory ?? DefaultCacheDirectory;
        if (HasAllFiles(cache)) return ReadFolder(cache, DataOrigin.UserCache);
        if (HasAllFiles(options.SystemDirectory)) return ReadFolder(options.SystemDirectory, DataOrigin.SystemPackage);
        if (options.AllowDownload)
        {
            try
            {
                foreach (var (name, md5) in Files)
                {
                    var target = Path.Combine(cache, name);
                    if (File.Exists(target)) continue;
                    options.Log($"downloading {name} to {cache}");
                    DataDownloader.Download(new Uri(options.DownloadBaseUrl, name), target, md5, options.DownloadTimeout);
                }
                return ReadFolder(cache, DataOrigin.Download);
            }
            catch (Exception e) when (e is IOException or InvalidDataException && options.FallBackToEmbedded)
            {
                options.Log($"Fashion-MNIST could not be downloaded ({e.Message}); using the embedded subset");
            }
        }
        if (!options.FallBackToEmbedded)
            throw new FileNotFoundException($"Fashion-MNIST not found in FASTDAYS_DATA, {cache} or {options.SystemDirectory}, and not downloaded");
        return LoadTiny();
    }

    /// <summary>Loads FashionTiny, the embedded balanced subset: 2,500 training and 1,000 test images.</summary>
    public static FashionMnistData LoadTiny()
    {
        var assembly = typeof(FashionMnist).Assembly;
        LabelledImages Read(string prefix)
        {
            using var images = OpenResource(assembly, $"{prefix}-images-idx3-ubyte.gz");
            using var labels = OpenResource(assembly, $"{prefix}-labels-idx1-ubyte.gz");
            var (pixels, count, rows, cols) = IdxFile.ReadImages(images, $"embedded {prefix}-images");
            var y = IdxFile.ReadLabels(labels, $"embedded {prefix}-labels");
            if (y.Length != count) throw new InvalidDataException($"embedded {prefix}: {count} images but {y.Length} labels");
            return new LabelledImages(pixels, y, rows, cols);
        }
        return new FashionMnistData(Read("train"), Read("t10k"), DataOrigin.Embedded, "FashionTiny (embedded in FastDays.Datasets)");
    }

    /// <summary>Whether a folder holds all four files.</summary>
    public static bool HasAllFiles(string folder) => Files.All(f => File.Exists(Path.Combine(folder, f.Name)));

    private static FashionMnistData ReadFolder(string folder, DataOrigin origin) => new(
        IdxFile.ReadPair(Path.Combine(folder, Files[0].Name), Path.Combine(folder, Files[1].Name)),
        IdxFile.ReadPair(Path.Combine(folder, Files[2].Name), Path.Combine(folder, Files[3].Name)),
        origin, folder);

    private static System.IO.Compression.GZipStream OpenResource(Assembly assembly, string name)
    {
        var stream = assembly.GetManifestResourceStream($"FastDays.FashionTiny.{name}")
            ?? throw new InvalidOperationException($"embedded resource FastDays.FashionTiny.{name} is missing from {assembly.GetName().Name}");
        return new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
    }
}
