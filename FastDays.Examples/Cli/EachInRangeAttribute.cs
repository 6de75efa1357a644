using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Cli;

/// <summary>Requires every number of a list option (int[]) to lie between Minimum and Maximum, inclusive.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class EachInRangeAttribute(int minimum, int maximum) : ValidationAttribute
{
    /// <summary>The smallest value allowed.</summary>
    public int Minimum { get; } = minimum;

    /// <summary>The largest value allowed.</summary>
    public int Maximum { get; } = maximum;

    /// <inheritdoc />
    public override bool IsValid(object? value) => value is not int[] list || list.All(v => v >= Minimum && v <= Maximum);
}
