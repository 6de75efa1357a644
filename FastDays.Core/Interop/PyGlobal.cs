namespace FastDays.Interop;

/// <summary>A reference to a Python global (module and name) found in a pickle; only allow-listed ones are ever used.</summary>
public sealed record PyGlobal(string Module, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Module}.{Name}";
}
