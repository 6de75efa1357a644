namespace FastDays.Examples.Cli;

/// <summary>Marks an options property as a positional argument (a string, or a string[] that takes one or more words) rather than an --option.</summary>
/// <param name="order">The argument's place among the positional arguments.</param>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PositionalAttribute(int order) : Attribute
{
    /// <summary>The argument's place among the positional arguments.</summary>
    public int Order { get; } = order;

    /// <summary>Whether a string[] argument may be left out (zero or more words instead of one or more).</summary>
    public bool Optional { get; init; }
}
