using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `weights`.</summary>
public sealed record WeightsOptions
{
    /// <summary>What to do with the file: inspect lists its tensors.</summary>
    [Description("What to do with the file: inspect lists its tensors"), Positional(0), AllowedValues("inspect")]
    public string Action { get; init; } = "inspect";

    /// <summary>A .pt/.pth (zip or legacy) or .safetensors file.</summary>
    [Description("A .pt/.pth (zip or legacy) or .safetensors file"), Positional(1)]
    public string File { get; init; } = "";

    /// <summary>The path of the state dict inside the file's object (such as model or state_dict).</summary>
    [Description("The path of the state dict inside the file's object (such as model or state_dict)")]
    public string? Key { get; init; }
}
