namespace FastDays.Learning;

/// <summary>Thrown by a callback to skip the rest of the current validation stage; AfterCancel and After events still run.</summary>
public sealed class CancelValidException(string? reason = null) : CancelException(reason);
