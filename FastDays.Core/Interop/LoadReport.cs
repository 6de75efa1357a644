namespace FastDays.Interop;

/// <summary>What loading weights into a module found: keys loaded, missing from the file, unexpected in it, and shape or dtype mismatches.</summary>
public sealed record LoadReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<string> Mismatched)
{
    /// <summary>Whether every key of the module and the file matched.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Loaded.Count} tensors loaded" +
        (Missing.Count > 0 ? $"\n  missing keys ({Missing.Count}): {string.Join(", ", Missing)}" : "") +
        (Unexpected.Count > 0 ? $"\n  unexpected keys ({Unexpected.Count}): {string.Join(", ", Unexpected)}" : "") +
        (Mismatched.Count > 0 ? $"\n  mismatches ({Mismatched.Count}): {string.Join("; ", Mismatched)}" : "");
}
