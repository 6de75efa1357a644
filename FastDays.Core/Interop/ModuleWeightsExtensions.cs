using static TorchSharp.torch;

namespace FastDays.Interop;

/// <summary>Loads PyTorch weights (.pt/.pth in either format, or .safetensors) into TorchSharp modules, and saves modules to safetensors.</summary>
public static class ModuleWeightsExtensions
{
    /// <summary>Copies a file's tensors into the module's parameters and buffers by name; strict throws one error listing every missing, unexpected
    /// and mismatched key, non-strict loads what fits and reports the rest.</summary>
    public static LoadReport LoadPyTorchWeights(this nn.Module module, string path, bool strict = true, string? key = null,
        string? stripPrefix = null, Func<string, string?>? rename = null)
    {
        var file = WeightsFile.ReadStateDict(path, key);
        try
        {
            var source = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, t) in file)
            {
                var n = stripPrefix is not null && name.StartsWith(stripPrefix, StringComparison.Ordinal) ? name[stripPrefix.Length..] : name;
                if ((rename is null ? n : rename(n)) is { } target) source[target] = t;
            }
            var report = Plan(module, source);
            if (strict && !report.IsComplete) throw new InvalidDataException($"{path} does not fit {module.GetType().Name}: {report}");
            var state = module.state_dict();
            using (no_grad())
                foreach (var name in report.Loaded) state[name].copy_(source[name]);
            return report;
        }
        finally { foreach (var t in file.Values) t.Dispose(); }
    }

    /// <summary>Writes the module's parameters and buffers to a safetensors file (atomically), for PyTorch's safetensors.torch.load_file.</summary>
    public static void SaveSafeTensors(this nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Write(path, module.state_dict(), metadata);

    private static LoadReport Plan(nn.Module module, IReadOnlyDictionary<string, Tensor> source)
    {
        var state = module.state_dict();
        List<string> loaded = [], missing = [], mismatched = [];
        foreach (var (name, target) in state)
        {
            if (!source.TryGetValue(name, out var t)) { missing.Add(name); continue; }
            if (!t.shape.SequenceEqual(target.shape))
                mismatched.Add($"{name}: module {Formats.Shape(target)} vs file {Formats.Shape(t)}");
            else if (!SafeCast(t.dtype, target.dtype))
                mismatched.Add($"{name}: file dtype {t.dtype} cannot be converted safely to the module's {target.dtype}");
            else loaded.Add(name);
        }
        var unexpected = source.Keys.Where(k => !state.ContainsKey(k)).ToList();
        return new LoadReport(loaded, missing, unexpected, mismatched);
    }

    private static bool SafeCast(ScalarType from, ScalarType to) =>
        from == to || (IsFloat(from) && IsFloat(to)) || (!IsFloat(from) && !IsFloat(to) && from != ScalarType.Bool && to != ScalarType.Bool)
            || (!IsFloat(from) && IsFloat(to));

    private static bool IsFloat(ScalarType t) => t is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    /// <summary>Writes the module's state dict as a PyTorch .pt file (torch.load(path, weights_only=True) reads it); returns the file.</summary>
    public static string SavePyTorchWeights(this nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        return WeightsFile.SavePyTorch(module.state_dict(), path);
    }
}
