namespace FastDays.Examples.Cli;

/// <summary>Turns the --data option (auto, full, tiny or a folder) into loaded Fashion-MNIST data.</summary>
internal static class DataChoice
{
    /// <summary>Loads the data named by choice: auto (best found), full (error if only the subset), tiny, or a folder path.</summary>
    public static FashionMnistData LoadFashionMnist(string? choice) => (choice ?? "auto") switch
    {
        "auto" => FashionMnist.Load(),
        "full" => FashionMnist.Load(new FashionMnistOptions { FallBackToEmbedded = false }),
        "tiny" => FashionMnist.LoadTiny(),
        var path => FashionMnist.Load(new FashionMnistOptions { Path = path }),
    };
}
