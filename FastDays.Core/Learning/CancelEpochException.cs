namespace FastDays.Learning;

/// <summary>Thrown by a callback to skip the rest of the current epoch stage; AfterCancel and After events still run.</summary>
public sealed class CancelEpochException(string? reason = null) : CancelException(reason);
