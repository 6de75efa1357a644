using System.IO.Compression;
using System.Text.Json;
using TorchSharp;
using FastDays.Data;
using FastDays.Losses;
using FastDays.Modules;
using FastDays.Persistence;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>fastai's export and load_learner: one file with what inference needs (architecture, weights, class names, normalisation, activation, and
/// the data's blocks and validation transforms).</summary>
public static class ExportExtensions
{
    /// <summary>Writes Path/fname (atomically) holding the model spec, weights, vocabulary, normalisation and output activation, and any extra
    /// text entries an application adds (FastDays.Tabular: its processing); returns the file.</summary>
    public static string Export(this Learner learn, string fname = "export.fastdays", IReadOnlyDictionary<string, string>? extraEntries = null)
    {
        var arch = learn.Spec ??
            throw new InvalidOperationException("set learn.Spec to a ModelSpec of a ModelZoo architecture so LoadLearner can rebuild the model");
        var path = System.IO.Path.IsPathRooted(fname) ? fname : System.IO.Path.Combine(learn.Path, fname);
        var normalize = learn.Dls.Valid.BatchTransforms.OfType<Normalize>().FirstOrDefault();
        var activation = learn.LossFunc switch
        {
            CrossEntropyLossFlat { Axis: not (-1 or 1) } ce => throw new InvalidOperationException($"an export records softmax over the last axis or " +
                $"axis 1 (segmentation), not axis {ce.Axis}"),
            CrossEntropyLossFlat { Axis: 1 } => InferenceLearner.SoftmaxAxis1,
            CrossEntropyLossFlat => "softmax",
            BceWithLogitsLossFlat => "sigmoid",
            _ => "none",
        };
        using var scope = NewDisposeScope();
        var extras = extraEntries ?? new Dictionary<string, string>();
        var blocks = learn.Dls.Blocks.Count == 0 ? null : learn.Dls.Blocks.Select(b => b.Spec()).ToList();
        var itemTfms = (learn.Dls.Valid.Dataset as BlockDataset)?.ItemTfms.Select(DataSpecs.SpecOf).ToList();
        var batchTfms = blocks is null ? null : learn.Dls.Valid.BatchTransforms.Where(t => t is not Normalize).Select(DataSpecs.SpecOf).ToList();
        var meta = new ExportMeta(3, arch.Arch, new Dictionary<string, string>(arch.Args), [.. learn.Dls.Vocab], normalize?.Mean, normalize?.Std,
            activation, ItemShape(learn.Dls.Valid), [.. extras.Keys], ModelZoo.AssemblyOf(arch.Arch), blocks, learn.Dls.NInp, itemTfms, batchTfms);
        // Weights are written in float32 (a mixed-precision model's are widened; ToFp32() first gives the exact master weights).
        var state =
            learn.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.dtype is ScalarType.BFloat16 or ScalarType.Float16
                ? kv.Value.to_type(ScalarType.Float32) : kv.Value);
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var s = zip.CreateEntry("export.json").Open()) JsonSerializer.Serialize(s, meta);
            using (var s = zip.CreateEntry("model.fdts", CompressionLevel.NoCompression).Open()) TensorStore.Write(s, state);
            foreach (var (name, text) in extras)
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
        using var zip = ZipReader.Open(path, "export file");
        return zip.Read(name) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>Loads a file written by Export: rebuilds the model from the ModelZoo, loads its weights and returns it ready to predict on device
    /// (CPU by default).</summary>
    /// <remarks>Every field of export.json is checked against sane bounds and the file's own weights before the model is built, and the model is
    /// then run once on a zero input of the recorded item shape, so that the normalisation, the input shape and the class names are known to fit
    /// it: a file that does not hold together is refused here, naming it, and not at the first prediction.</remarks>
    public static InferenceLearner LoadLearner(string path, Device? device = null)
    {
        using var zip = ZipReader.Open(path, "export file");
        var json = zip.Read("export.json") ?? throw new InvalidDataException($"{path}: no export.json entry (not a FastDays export)");
        var meta = CheckpointExtensions.ReadJson<ExportMeta>(json, path, "export.json");
        CheckMeta(meta, path);
        // Version 1 exports did not list their extra entries; they were JSON text.
        var extras = meta.Extras?.ToHashSet(StringComparer.Ordinal);
        zip.RefuseUnknown(n => n is "export.json" or "model.fdts" || (extras?.Contains(n) ?? n.EndsWith(".json", StringComparison.Ordinal)),
            "a FastDays export");
        var weights = CheckpointExtensions.ReadTensors(zip, "model.fdts") ?? throw new InvalidDataException($"{path}: no model.fdts entry");
        try
        {
            var spec = new ModelSpec(meta.Arch, meta.Args);
            var model = Build(spec, meta.ArchAssembly, weights, path);
            try
            {
                CheckpointExtensions.LoadStateInto(model, weights, path);
                var dev = device ?? CPU;
                model.to(dev);
                model.eval();
                var learner = new InferenceLearner(model, [.. meta.Vocab], Normalization(meta, path), meta.Activation, dev)
                {
                    ItemShape = meta.ItemShape, Blocks = meta.Blocks ?? [], NInp = meta.NInp, ItemTfms = meta.ItemTfms ?? [], BatchTfms = meta.BatchTfms ?? [],
                    Spec = spec,
                };
                DryRun(learner, path);
                return learner;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        finally { foreach (var t in weights.Values) t.Dispose(); }
    }

    /// <summary>The bounds every export.json field must keep, checked before anything is built.</summary>
    private static void CheckMeta(ExportMeta meta, string path)
    {
        string? bad = meta switch
        {
            { Version: not (1 or 2 or 3) } => $"format version {meta.Version} (this FastDays reads 1 to 3)",
            { Arch: null } or { Args: null } or { Vocab: null } or { Activation: null } => "no architecture, arguments, vocabulary or activation",
            { Activation: not ("softmax" or InferenceLearner.SoftmaxAxis1 or "sigmoid" or "none") } =>
                $"an unknown output activation '{Formats.Clip(meta.Activation)}'",
            { Vocab.Count: > MaxVocab } => $"{meta.Vocab.Count:N0} class names (at most {MaxVocab:N0})",
            _ when meta.Vocab.Any(v => v is null) => "a class name that is null",
            { ItemShape: { } shape } when shape.Length > 8 || shape.Any(d => d <= 0) || shape.Length > 1 && shape.Any(d => d > MaxItemSide)
                || shape.Aggregate(1.0, (a, d) => a * d) > MaxItemElements =>
                $"an item shape {Formats.List(shape)} outside the bounds (at most 8 sides, of at most {MaxItemSide:N0} when there are several; at " +
                $"most {MaxItemElements:N0} values)",
            { Extras: { } extras } when extras.Any(e => e is null or "export.json" or "model.fdts") => "an extra entry that names the export's own",
            { Blocks: { } blocks } when blocks.Count is 0 or > MaxSpecs || blocks.Any(b => b?.Kind is null || b.Type is null || b.Vocab is null
                || b.Vocab.Count > MaxVocab || b.Shape is { Length: > 8 }) => "a block list that is empty, too long or incomplete",
            { Blocks: { } blocks } when meta.NInp < 1 || meta.NInp > blocks.Count => $"{meta.NInp} inputs of {blocks.Count} blocks",
            _ when new[] { meta.ItemTfms, meta.BatchTfms }.Any(list => list is { } l && (l.Count > MaxSpecs || l.Any(t => t?.Name is null || t.Args is null
                || t.Args.Count > MaxSpecs))) => "a transform list that is too long or incomplete",
            _ => null,
        };
        if (bad is not null) throw new InvalidDataException($"{path}: export.json holds {bad}");
    }

    // Bounds of export.json's fields: far beyond any model FastDays trains (an RGB image of 1182 × 1182, a table of 4 million columns), far below
    // what exhausts memory in the run on zeros that checks them.
    private const int MaxVocab = 1 << 20;
    private const int MaxSpecs = 64;
    private const long MaxItemSide = 1 << 14;
    private const double MaxItemElements = 1 << 22;

    /// <summary>The model of a spec, built only once the weights are known to be at least as many as the spec's architecture needs.</summary>
    private static nn.Module<Tensor, Tensor> Build(ModelSpec spec, string? assembly, Dictionary<string, Tensor> weights, string path)
    {
        try
        {
            var have = weights.Values.Sum(t => (double)t.numel());
            if (ModelZoo.LeastParameters(spec, assembly) is { } least && least > have)
                throw new InvalidDataException($"{path}: the architecture in export.json ({spec.Arch} {Formats.Clip(string.Join(' ',
                    spec.Args.Select(a => $"{a.Key}={a.Value}")), 120)}) needs at least {least:N0} weights, the file holds {have:N0}");
            return ModelZoo.Create(spec);
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"{path}: the architecture in export.json cannot be built ({Formats.Clip(e.Message, 200)})", e);
        }
    }

    private static Normalize? Normalization(ExportMeta meta, string path)
    {
        try { return meta.Mean is { } m && meta.Std is { } sd ? new Normalize(m, sd) : null; }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: bad normalisation in export.json ({e.Message})", e); }
    }

    /// <summary>Runs the model once on a zero item of the recorded shape: the normalisation and input shape must fit it, and a classifier's outputs
    /// must be as many as its class names.</summary>
    private static void DryRun(InferenceLearner learner, string path)
    {
        if (learner.ItemShape is not { } shape) return;
        long[] output;
        try
        {
            // Token indices for a text model (index 0, the unknown word, is in every vocabulary); pixels or values otherwise.
            var indices = learner.Blocks.Count > 0 && learner.Blocks[0].Type == Data.TensorType.Text.Name;
            using var zero = zeros([1, .. shape], indices ? ScalarType.Int64 : ScalarType.Float32);
            using var preds = learner.GetPreds(zero);
            output = preds.shape;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"{path}: the model does not take the item shape {Formats.List(shape)} and normalisation export.json " +
                $"records ({Formats.Clip(e.Message.Split('\n')[0], 200)})", e);
        }
        // A classifier gives a score per class; a segmentation model (softmax over axis 1) a map per class.
        var perClass = learner.Activation == InferenceLearner.SoftmaxAxis1 ? output.Length >= 2 && output[0] == 1 ? output[1] : -1
            : output is [1, var n] ? n : -1;
        if (learner.Vocab.Count > 0 && perClass != learner.Vocab.Count)
            throw new InvalidDataException($"{path}: export.json names {learner.Vocab.Count} classes, the model gives outputs of shape " +
                $"{Formats.List(output[1..])} per item");
    }
}
