using static TorchSharp.torch;

namespace FastDays.Optimizers;

/// <summary>The optimizer state of one parameter: named tensors (such as grad_avg) and the step count.</summary>
public sealed class ParamState : Dictionary<string, Tensor>
{
    /// <summary>Creates an empty state.</summary>
    public ParamState() : base(StringComparer.Ordinal) { }

    /// <summary>The number of updates done so far.</summary>
    public long Step { get; set; }
}
