using System.Collections;
using FastDays.Optimizers;
using static TorchSharp.torch;

namespace FastDays.Interop;

/// <summary>FastDays' optimizer state written as the state dict of the PyTorch optimizer that computes the same steps (AdamW, Adam or SGD), for
/// training to go on in PyTorch.</summary>
public static class OptimizerPyTorchExtensions
{
    /// <summary>Writes the optimizer's state as a PyTorch optimizer state dict (.pt, atomically) that torch.optim.AdamW (Adam with decoupled weight
    /// decay), torch.optim.Adam (L2) or torch.optim.SGD loads with load_state_dict; returns the file.</summary>
    /// <remarks>PyTorch decays a whole group or none of it, so a group whose batchnorm and bias parameters are in NoWeightDecay becomes two PyTorch
    /// groups, decayed ones first (build the PyTorch optimizer with the same groups: each lists its parameters' names under param_names when a model
    /// is given). Float32 master weights of bfloat16 training are not written: PyTorch keeps none.</remarks>
    public static string SavePyTorch(this Optimizer opt, string path, nn.Module? model = null)
    {
        ArgumentNullException.ThrowIfNull(opt);
        if (opt.Lookahead is not null)
            throw new NotSupportedException("an optimizer with Lookahead has no PyTorch counterpart: torch.optim steps without slow weights");
        var (kind, decoupled) = opt switch
        {
            AdamOptimizer adam => (adam.DecoupleWd ? "AdamW" : "Adam", adam.DecoupleWd),
            SgdOptimizer sgd => ("SGD", sgd.DecoupleWd),
            _ => throw new NotSupportedException($"{opt.GetType().Name} has no PyTorch counterpart (AdamOptimizer and SgdOptimizer have)"),
        };
        var names = model?.named_parameters().ToDictionary(np => (object)np.parameter, np => np.name, ReferenceEqualityComparer.Instance);
        using var scope = NewDisposeScope();
        var (tensors, _) = opt.StateDict();
        var groups = new ArrayList();
        var state = new Hashtable();
        var index = 0;
        for (var g = 0; g < opt.ParamGroups.Count; g++)
        {
            var group = opt.ParamGroups[g];
            var wd = group.Hypers.GetValueOrDefault("wd");
            if (kind == "SGD" && decoupled && wd != 0)
                throw new NotSupportedException($"parameter group {g}: PyTorch's SGD applies weight decay as L2, this SgdOptimizer decouples it " +
                    $"(wd {wd}); use decoupleWd: false or wd 0 for an SGD state PyTorch continues exactly");
            // PyTorch decays whole groups: the decayed parameters, then (as a group of wd 0) those this optimizer never decays.
            var parts = group.Params.Select((p, i) => (p, i)).GroupBy(x => wd != 0 && opt.NoWeightDecay.Contains(x.p)).OrderBy(part => part.Key);
            foreach (var part in parts)
            {
                var indices = new ArrayList();
                var partNames = new ArrayList();
                foreach (var (p, i) in part)
                {
                    var entry = Entry(kind, tensors, $"{g}.{i}.");
                    if (entry.Count > 0) state[index] = entry;
                    indices.Add(index++);
                    if (names is not null)
                        partNames.Add(names.TryGetValue(p, out var name) ? name
                            : throw new ArgumentException($"parameter {i} of group {g} ({Formats.Shape(p)}) is not a parameter of the model", nameof(model)));
                }
                var hypers = Hypers(kind, group, part.Key ? 0 : wd);
                hypers["params"] = indices;
                if (names is not null) hypers["param_names"] = partNames;
                groups.Add(hypers);
            }
        }
        var stateDict = new Hashtable { ["state"] = state, ["param_groups"] = groups };
        Persistence.AtomicFile.Write(path, stream =>
            WeightsFile.WriteStored(stream, s => TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(s, stateDict, leaveOpen: true)));
        return path;
    }

    // One parameter's state under PyTorch's names (exp_avg, exp_avg_sq and a float32 step tensor; SGD's momentum_buffer).
    private static Hashtable Entry(string kind, Dictionary<string, Tensor> tensors, string prefix)
    {
        var entry = new Hashtable();
        if (kind == "SGD")
        {
            if (tensors.TryGetValue(prefix + "grad_avg", out var buffer)) entry["momentum_buffer"] = Modules.MemoryFormats.ToContiguous(buffer);
            return entry;
        }
        if (!tensors.TryGetValue(prefix + "grad_avg", out var avg) || !tensors.TryGetValue(prefix + "sqr_avg", out var sqrAvg)) return entry;
        entry["step"] = tensors.TryGetValue(prefix + "step", out var step) ? step.to_type(ScalarType.Float32) : tensor(0f);
        entry["exp_avg"] = Modules.MemoryFormats.ToContiguous(avg);   // PyTorch gets the standard layout, whatever the model's memory format
        entry["exp_avg_sq"] = Modules.MemoryFormats.ToContiguous(sqrAvg);
        return entry;
    }

    // A group's hyper-parameters under PyTorch's names, with the flags PyTorch's own state dicts carry.
    private static Hashtable Hypers(string kind, ParameterGroup group, double wd)
    {
        var hypers = new Hashtable { ["lr"] = group["lr"], ["weight_decay"] = wd, ["maximize"] = false, ["foreach"] = null, ["differentiable"] = false };
        if (kind == "SGD")
        {
            hypers["momentum"] = group["mom"];
            hypers["dampening"] = 0.0;
            hypers["nesterov"] = false;
        }
        else
        {
            hypers["betas"] = new object[] { group["mom"], group["sqr_mom"] };
            hypers["eps"] = group["eps"];
            hypers["amsgrad"] = false;
            hypers["capturable"] = false;
            hypers["fused"] = null;
        }
        return hypers;
    }
}
