using static TorchSharp.torch;

namespace FastDays.Collab.Models;

/// <summary>What every collab model does alike: the check of its input ((batch, 2) integer codes, each inside its vocabulary) and the copies of its
/// parameters it hands to interpretation.</summary>
internal static class CollabInputs
{
    /// <summary>|user factors|² + |item factors|² of each (user, item) row of input, in the graph.</summary>
    public static Tensor Norms(Tensor userFactors, Tensor itemFactors, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var u = userFactors.index_select(0, input.select(1, 0));
        var i = itemFactors.index_select(0, input.select(1, 1));
        return u.pow(scalars.Of(2.0)).sum(1).add(i.pow(scalars.Of(2.0)).sum(1), ScalarScope.One).MoveToOuterDisposeScope();
    }

    /// <summary>A detached copy of a parameter on the CPU (flattened to one dimension when asked), no intermediate left to the finalizer.</summary>
    public static Tensor Copy(Tensor parameter, bool flatten = false)
    {
        using var scope = NewDisposeScope();
        var copy = parameter.detach().cpu().clone();
        return (flatten ? copy.reshape(-1) : copy).MoveToOuterDisposeScope();
    }

    /// <summary>Throws an ArgumentException naming the model, the shape or the code out of range.</summary>
    public static void Check(Tensor input, int nUsers, int nItems, string model)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 2 || input.shape[1] != 2 || input.dtype != ScalarType.Int64)
            throw new ArgumentException($"{model} takes (batch, 2) int64 (user, item) codes, got {input.dtype} {Formats.Shape(input)}", nameof(input));
        // The range check reads the codes on the host: done on the CPU only, so that a GPU batch never waits for it (libtorch's own index check
        // still stops a bad code there).
        if (input.shape[0] == 0 || input.device_type != TorchSharp.DeviceType.CPU) return;
        using var scope = NewDisposeScope();
        var (lo, hi) = (input.min(0).values.cpu().data<long>().ToArray(), input.max(0).values.cpu().data<long>().ToArray());
        if (lo[0] < 0 || hi[0] >= nUsers) throw new ArgumentException($"{model}: a user code {(lo[0] < 0 ? lo[0] : hi[0])} outside 0..{nUsers - 1}");
        if (lo[1] < 0 || hi[1] >= nItems) throw new ArgumentException($"{model}: an item code {(lo[1] < 0 ? lo[1] : hi[1])} outside 0..{nItems - 1}");
    }
}
