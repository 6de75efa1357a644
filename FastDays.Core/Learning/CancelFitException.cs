namespace FastDays.Learning;

/// <summary>Thrown by a callback to skip the rest of the current fit stage; AfterCancel and After events still run.</summary>
public sealed class CancelFitException(string? reason = null) : CancelException(reason);
