using System.IO.Compression;
using System.Text.Json;
using TorchSharp;
using FastDays.Data;
using FastDays.Losses;
using FastDays.Modules;
using FastDays.Persistence;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>fastai's export and load_learner: one file with what inference needs (architecture, weights, class names, normalisation, activation).</summary>
public static class ExportExtensions
{
    /// <summary>Writes Path/fname (atomically) holding the model spec, weights, vocabulary, normalisation and output activation, and any extra
    /// text entries an application adds (FastDays.Tabular: its processing); returns the file.</summary>
    public static string Export(this Learner learn, string fname = "export.fastdays", IReadOnlyDictionary<string, string>? extraEntries = null)
    {
        var arch = learn.Arch ??
            throw new InvalidOperationException("set learn.Arch to a ModelSpec of a ModelZoo architecture so LoadLearner can rebuild the model");
        var path = System.IO.Path.IsPathRooted(fname) ? fname : System.IO.Path.Combine(learn.Path, fname);
        var normalize = learn.Dls.Valid.BatchTransforms.OfType<Normalize>().FirstOrDefault();
        var activation = learn.LossFunc switch { CrossEntropyLossFlat => "softmax", BceWithLogitsLossFlat => "sigmoid", _ => "none" };
        using var scope = NewDisposeScope();
        var meta = new ExportMeta(1, arch.Arch, new Dictionary<string, string>(arch.Args), [.. learn.Dls.Vocab], normalize?.Mean, normalize?.Std,
            activation, ItemShape(learn.Dls.Valid));
        // Weights are written in float32 (a mixed-precision model's are widened; ToFp32() first gives the exact master weights).
        var state =
            learn.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.dtype is ScalarType.BFloat16 or ScalarType.Float16
                ? kv.Value.to_type(ScalarType.Float32) : kv.Value);
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var s = zip.CreateEntry("export.json").Open()) JsonSerializer.Serialize(s, meta);
            using (var s = zip.CreateEntry("model.fdts", CompressionLevel.NoCompression).Open()) TensorStore.Write(s, state);
            foreach (var (name, text) in extraEntries ?? new Dictionary<string, string>())
            {
                if (name is "export.json" or "model.fdts") throw new ArgumentException($"the extra entry '{name}' would replace the export's own");
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }, removeStale: true);
        return path;
    }

    /// <summary>The shape of one model input: the validation set's first item through the validation batch transforms (which may resize it).</summary>
    private static long[]? ItemShape(TfmdDL valid)
    {
        if (valid.Dataset.Count == 0) return null;
        using var scope = NewDisposeScope();
        try
        {
            var batch = valid.Dataset.GetBatch([0]);
            foreach (var transform in valid.BatchTransforms) batch = transform.Apply(batch, training: false);
            return batch.X.shape[1..];
        }
        catch (InvalidDataException) { return null; }   // an unreadable first item: the export is still whole, predict then asks for a new one
    }

    /// <summary>The text of an extra entry of an export (as Export's extraEntries wrote it), or null when the export has none of that name.</summary>
    public static string? ReadEntry(string path, string name)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"export file {path} does not exist", path);
        return CheckpointExtensions.ReadZip(path).GetValueOrDefault(name) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>Loads a file written by Export: rebuilds the model from the ModelZoo, loads its weights and returns it ready to predict on device
    /// (CPU by default).</summary>
    public static InferenceLearner LoadLearner(string path, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"export file {path} does not exist", path);
        var zip = CheckpointExtensions.ReadZip(path);
        var json = zip.GetValueOrDefault("export.json") ?? throw new InvalidDataException($"{path}: no export.json entry (not a FastDays export)");
        var meta = CheckpointExtensions.ReadJson<ExportMeta>(json, path, "export.json");
        if (meta.Activation is not ("softmax" or "sigmoid" or "none"))
            throw new InvalidDataException($"{path}: unknown output activation '{meta.Activation}' in export.json");
        if (meta.ItemShape is { } shape && (shape.Length is 0 or > 8 || shape.Any(d => d is <= 0 or > 1 << 20)))
            throw new InvalidDataException($"{path}: bad item shape {Formats.List(shape)} in export.json");
        Normalize? normalize;
        try { normalize = meta.Mean is { } m && meta.Std is { } sd ? new Normalize(m, sd) : null; }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: bad normalisation in export.json ({e.Message})", e); }
        nn.Module<Tensor, Tensor> model;
        try { model = ModelZoo.Create(new ModelSpec(meta.Arch ?? "", meta.Args ?? [])); }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"{path}: the architecture in export.json cannot be built ({e.Message})", e);
        }
        var weights = CheckpointExtensions.ReadTensors(zip, "model.fdts", path) ?? throw new InvalidDataException($"{path}: no model.fdts entry");
        try { CheckpointExtensions.LoadStateInto(model, weights, path); }
        catch { model.Dispose(); throw; }
        finally { foreach (var t in weights.Values) t.Dispose(); }
        var dev = device ?? CPU;
        model.to(dev);
        model.eval();
        return new InferenceLearner(model, [.. (meta.Vocab ?? []).Select(v => v ?? "")], normalize, meta.Activation, dev) { ItemShape = meta.ItemShape };
    }
}
