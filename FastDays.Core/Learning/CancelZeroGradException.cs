namespace FastDays.Learning;

/// <summary>Thrown by a callback to skip the rest of the current zero-grad stage; AfterCancel and After events still run.</summary>
public sealed class CancelZeroGradException(string? reason = null) : CancelException(reason);
