using FastDays.Callbacks;
using FastDays.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>fastai's to_fp16 / to_bf16 / to_fp32 on a Learner: converts the model and adds or removes the MixedPrecision callback.</summary>
public static class MixedPrecisionExtensions
{
    /// <summary>Computes in bfloat16 (CPUs with AVX512-BF16 or AMX, recent GPUs): model in bfloat16 except batchnorm, float32 master weights and
    /// loss.</summary>
    public static Learner ToBf16(this Learner learn) => learn.ToLowPrecision(new MixedPrecision(ScalarType.BFloat16));

    /// <summary>Computes in float16 with dynamic loss scaling (CUDA): model in float16 except batchnorm, float32 master weights and loss.</summary>
    public static Learner ToFp16(this Learner learn, double initScale = 65536, int growthInterval = 2000) =>
        learn.ToLowPrecision(new MixedPrecision(ScalarType.Float16, initScale, growthInterval));

    /// <summary>The type the model computes in: the MixedPrecision callback's, else float32 (inputs are cast to it outside the training loop).</summary>
    public static ScalarType ComputeDtype(this Learner learn) => learn.Cb<MixedPrecision>()?.Dtype ?? ScalarType.Float32;

    /// <summary>Back to float32: the model gets the optimizer's float32 master weights (exactly), and the MixedPrecision callback is removed.</summary>
    public static Learner ToFp32(this Learner learn)
    {
        if (learn.Cb<MixedPrecision>() is not { } mixed) return learn;
        learn.RemoveCbs([mixed]);
        Convert(learn, ScalarType.Float32);
        if (learn.Opt is { } opt) opt.LossScale = 1;
        return learn;
    }

    private static Learner ToLowPrecision(this Learner learn, MixedPrecision callback)
    {
        learn.ToFp32();
        Convert(learn, callback.Dtype);
        learn.AddCbs([callback]);
        return learn;
    }

    /// <summary>Converts the model to dtype, batchnorm layers excepted, and rebuilds the optimizer over the new parameters with its state; float32
    /// values travel as master weights.</summary>
    private static void Convert(Learner learn, ScalarType dtype)
    {
        // TorchSharp's Module.to(dtype) replaces every Parameter object, so the optimizer is rebuilt over the new ones from a state dict whose
        // keys are positions (group.index.name). The float32 values of the parameters go along as masters; going back to float32 they come out again.
        using var scope = NewDisposeScope();
        if (learn.Opt is null) learn.CreateOpt();
        var (tensors, hypers) = learn.Opt!.StateDict();
        var frozen = learn.Opt.FrozenGroups;
        var groups = learn.Splitter(learn.Model);
        var normParams = ModelParts.NormParams(learn.Model);
        for (var g = 0; g < groups.Count; g++)
            for (var i = 0; i < groups[g].Count; i++)
                if (!normParams.Contains(groups[g][i]) && !tensors.ContainsKey($"{g}.{i}.master"))
                    tensors[$"{g}.{i}.master"] = groups[g][i].detach().to_type(ScalarType.Float32).clone();
        var norms = learn.Model.modules().Where(ModelParts.IsNorm).ToList();
        var normStates = norms.Select(m => m.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone())).ToList();
        learn.Model.to(dtype);
        using (no_grad())
            for (var n = 0; n < norms.Count; n++)
            {
                norms[n].to(ScalarType.Float32);
                foreach (var (key, t) in norms[n].state_dict()) t.copy_(normStates[n][key]);
            }
        var old = learn.Opt!;
        learn.Opt = null;   // its state tensors are in tensors until LoadStateDict has copied them
        learn.CreateOpt();
        if (dtype == ScalarType.Float32)
        {
            var fresh = learn.Splitter(learn.Model);
            using (no_grad())
                for (var g = 0; g < fresh.Count; g++)
                    for (var i = 0; i < fresh[g].Count; i++)
                        if (tensors.Remove($"{g}.{i}.master", out var master)) using (master) fresh[g][i].copy_(master);
        }
        learn.Opt!.LoadStateDict(tensors, hypers);   // copies
        old.Dispose();
        foreach (var t in tensors.Values) t.Dispose();   // the masters made here (the old optimizer's tensors are already freed)
        if (frozen > 0) learn.FreezeTo(frozen);
    }
}
