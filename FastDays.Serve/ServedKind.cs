namespace FastDays.Serve;

/// <summary>What a served export takes.</summary>
public enum ServedKind
{
    /// <summary>An image file.</summary>
    Image,

    /// <summary>A table row.</summary>
    Tabular,

    /// <summary>A text.</summary>
    Text,
}
