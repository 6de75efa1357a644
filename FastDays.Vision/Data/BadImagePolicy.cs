namespace FastDays.Vision.Data;

/// <summary>What an image dataset does with files that are not readable images (checked by their headers when the dataset is built).</summary>
public enum BadImagePolicy
{
    /// <summary>Stop with one error that names every bad file.</summary>
    Fail,

    /// <summary>Leave the bad files out, writing a warning that names each one to standard error.</summary>
    Skip,
}
