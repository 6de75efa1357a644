namespace FastDays.Datasets;

/// <summary>The Fashion-MNIST train and test sets with where they were found.</summary>
public sealed record FashionMnistData(LabelledImages Train, LabelledImages Test, DataOrigin Origin, string Location)
{
    /// <summary>A one-line description such as "60000 train / 10000 test from SystemPackage (/usr/share/...)".</summary>
    public string Describe() => $"{Train.Count} train / {Test.Count} test images from {Origin} ({Location})";
}
