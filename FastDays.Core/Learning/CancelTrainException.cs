namespace FastDays.Learning;

/// <summary>Thrown by a callback to skip the rest of the current train stage; AfterCancel and After events still run.</summary>
public sealed class CancelTrainException(string? reason = null) : CancelException(reason);
