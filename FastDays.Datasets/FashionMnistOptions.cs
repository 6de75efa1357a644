namespace FastDays.Datasets;

/// <summary>Where and how <see cref="FashionMnist.Load"/> looks for the data.</summary>
public sealed record FashionMnistOptions
{
    /// <summary>A folder holding the four IDX files; when set, nothing else is tried.</summary>
    public string? Path { get; init; }

    /// <summary>The folder that downloads go to, by default ~/.fastdays/data/fashion-mnist.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The system-wide copy, by default Debian's /usr/share/datasets/fashion-mnist.</summary>
    public string SystemDirectory { get; init; } = "/usr/share/datasets/fashion-mnist";

    /// <summary>Whether to download when no local copy exists.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>The base URL of the four files; the official location by default.</summary>
    public Uri DownloadBaseUrl { get; init; } = new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /// <summary>How long one file's download may take before it is given up.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether the embedded tiny subset is the last resort when nothing else is found.</summary>
    public bool FallBackToEmbedded { get; init; } = true;

    /// <summary>Receives progress and fallback messages; Console.Error by default.</summary>
    public Action<string> Log { get; init; } = message => Console.Error.WriteLine(message);
}
