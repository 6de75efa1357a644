namespace FastDays.Examples.Commands;

/// <summary>The options of `broadcasting`: none.</summary>
internal sealed record BroadcastingOptions;
