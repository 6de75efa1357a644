namespace FastDays.Learning;

/// <summary>Thrown by a callback to skip the rest of the current backward stage; AfterCancel and After events still run.</summary>
public sealed class CancelBackwardException(string? reason = null) : CancelException(reason);
