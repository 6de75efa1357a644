namespace FastDays.Learning;

/// <summary>The base of the exceptions a callback throws to skip the rest of a stage of the training loop.</summary>
public abstract class CancelException : Exception
{
    /// <summary>Creates the exception with an optional reason.</summary>
    protected CancelException(string? reason) : base(reason ?? "cancelled") { }
}
