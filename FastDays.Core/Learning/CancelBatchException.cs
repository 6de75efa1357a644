namespace FastDays.Learning;

/// <summary>Thrown by a callback to skip the rest of the current batch stage; AfterCancel and After events still run.</summary>
public sealed class CancelBatchException(string? reason = null) : CancelException(reason);
