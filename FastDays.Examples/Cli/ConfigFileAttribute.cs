namespace FastDays.Examples.Cli;

/// <summary>Gives an options record a --config YAML file (read from defaultPath when that exists) whose keys are its options in snake_case.</summary>
/// <param name="defaultPath">The file read when --config is not given and it exists.</param>
/// <param name="sharedWith">An options record whose config files this one reads too: their keys that this record lacks are skipped, others are errors.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class ConfigFileAttribute(string defaultPath, Type? sharedWith = null) : Attribute
{
    /// <summary>The file read when --config is not given and it exists.</summary>
    public string DefaultPath { get; } = defaultPath;

    /// <summary>An options record whose config files this one reads too, or null.</summary>
    public Type? SharedWith { get; } = sharedWith;
}
