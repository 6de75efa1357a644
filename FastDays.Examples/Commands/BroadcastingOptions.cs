namespace FastDays.Examples.Commands;

/// <summary>The options of `broadcasting`: none.</summary>
public sealed record BroadcastingOptions;
