namespace FastDays.Learning;

/// <summary>Thrown by a callback to skip the rest of the current step stage; AfterCancel and After events still run.</summary>
public sealed class CancelStepException(string? reason = null) : CancelException(reason);
