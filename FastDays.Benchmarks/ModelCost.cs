using TorchSharp.Modules;

namespace FastDays.Benchmarks;

/// <summary>A network's arithmetic, counted from its layers on one forward pass: the multiply-adds of its convolutions and linear layers per item
/// (batchnorm, activations and pooling are a few operations per value and left out, as FLOP counts usually do).</summary>
internal static class ModelCost
{
    /// <summary>Multiply-adds of one item's forward pass, by layer kind (conv, linear).</summary>
    public static IReadOnlyDictionary<string, long> MultiplyAdds(nn.Module<Tensor, Tensor> model, long[] itemShape)
    {
        var counts = new Dictionary<string, long> { ["conv"] = 0, ["linear"] = 0 };
        var removers = new List<Action>();
        foreach (var (_, module) in model.named_modules())
            if (module is Conv2d conv)
                removers.Add(conv.register_forward_hook((_, _, output) =>
                {
                    var w = conv.weight!;
                    counts["conv"] += output.numel() / output.shape[0] * w.shape[1] * w.shape[2] * w.shape[3];
                    return output;
                }).remove);
            else if (module is Linear linear)
                removers.Add(linear.register_forward_hook((_, _, output) =>
                {
                    counts["linear"] += output.numel() / output.shape[0] * linear.weight!.shape[1];
                    return output;
                }).remove);
        var training = model.training;
        try
        {
            model.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            model.call(zeros([1, .. itemShape]));
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.train(training);
        }
        return counts;
    }
}
