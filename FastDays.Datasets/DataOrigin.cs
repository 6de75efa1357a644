namespace FastDays.Datasets;

/// <summary>Where a data set was found, in the order FastDays looks.</summary>
public enum DataOrigin
{
    /// <summary>A folder given explicitly by the caller.</summary>
    ExplicitPath,

    /// <summary>The folder named by the FASTDAYS_DATA environment variable.</summary>
    EnvironmentVariable,

    /// <summary>The user's cache, ~/.fastdays/data.</summary>
    UserCache,

    /// <summary>A system-wide copy such as Debian's dataset-fashion-mnist package.</summary>
    SystemPackage,

    /// <summary>Downloaded from the official location into the user's cache.</summary>
    Download,

    /// <summary>The tiny subset embedded in FastDays.Datasets.</summary>
    Embedded,
}
