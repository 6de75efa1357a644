using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `weights`.</summary>
internal sealed record WeightsOptions
{
    [Description("What to do with the file: inspect lists its tensors"), Positional(0), AllowedValues("inspect")]
    public string Action { get; init; } = "inspect";

    [Description("A .pt/.pth (zip or legacy) or .safetensors file"), Positional(1)]
    public string File { get; init; } = "";

    [Description("The path of the state dict inside the file's object (such as model or state_dict)")]
    public string? Key { get; init; }
}
