using System.IO.Compression;
using System.Text.Json;
using FastDays.Persistence;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>fastai's save/load: a checkpoint of model weights, optimizer state and epoch in one zip, written atomically.</summary>
public static class CheckpointExtensions
{
    /// <summary>The file a checkpoint name maps to: Path/models/name.ckpt (a path with a folder or extension is used as given).</summary>
    public static string CheckpointPath(this Learner learn, string name) =>
        System.IO.Path.HasExtension(name) || name.Contains(System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? name
            : System.IO.Path.Combine(learn.Path, "models", name + ".ckpt");

    private static readonly JsonSerializerOptions Json =
        new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Saves the model (and the optimizer when withOpt) to Path/models/name.ckpt and returns the file; a failed save leaves the old file
    /// intact.</summary>
    /// <remarks>With the optimizer, the checkpoint also holds what Resume needs to continue the fit exactly: its position, the loaders' epochs,
    /// torch's random state, the Recorder's history and the state of IResumable callbacks.</remarks>
    public static string Save(this Learner learn, string name, bool withOpt = true)
    {
        var path = learn.CheckpointPath(name);
        var state = learn.Model.state_dict();
        using var scope = NewDisposeScope();   // frees the step-count tensors of the optimizer's state dict
        var opt = withOpt ? learn.Opt?.StateDict() : null;
        var meta = new CheckpointMeta(2, learn.Epoch, learn.TrainIter, opt?.Hypers, learn.NEpoch, learn.Dls.Train.Position, learn.Dls.Valid.Position,
            learn.Dls.Train.Epoch, learn.Cb<Callbacks.Recorder>()?.SaveState(),
            learn.Cbs.OfType<IResumable>().ToDictionary(cb => cb.GetType().Name, cb => new Dictionary<string, double>(cb.SaveState()), StringComparer.Ordinal),
            learn.Opt?.FrozenGroups ?? 0);
        using var rng = get_rng_state();
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var s = zip.CreateEntry("meta.json").Open()) JsonSerializer.Serialize(s, meta, Json);
            using (var s = zip.CreateEntry("model.fdts", CompressionLevel.NoCompression).Open()) TensorStore.Write(s, state);
            if (opt is { } o)
                using (var s = zip.CreateEntry("opt.fdts", CompressionLevel.NoCompression).Open()) TensorStore.Write(s, o.Tensors);
            using (var s = zip.CreateEntry("rng.fdts", CompressionLevel.NoCompression).Open())
                TensorStore.Write(s, new Dictionary<string, Tensor> { ["torch"] = rng });
        }, removeStale: true);
        return path;
    }

    /// <summary>Loads a checkpoint saved by Save with its optimizer and arms the next fit to continue exactly where the saved one was (mid-epoch
    /// included); call the same Fit/FitOneCycle again.</summary>
    public static Learner Resume(this Learner learn, string name)
    {
        var meta = LoadCore(learn, name, withOpt: true, out var path);
        if (meta.Version < 2 || meta.OptHypers is null || meta.NEpoch == 0)
            throw new InvalidDataException($"{path} holds no fit to resume (saved " +
                $"{(meta.OptHypers is null ? "without the optimizer" : "outside a fit or by an older FastDays")}); Load it instead");
        if (ReadTensors(ReadZip(path), "rng.fdts", path) is { } rng)
            try { set_rng_state(rng.TryGetValue("torch", out var state) ? state : throw new InvalidDataException($"{path}: rng.fdts holds no torch state")); }
            catch (System.Runtime.InteropServices.ExternalException e)
            {
                throw new InvalidDataException($"{path}: a corrupt random state ({e.Message})", e);
            }
            finally { foreach (var t in rng.Values) t.Dispose(); }
        // Mid-training: continue that epoch's order at the next batch. Mid-validation: training of that epoch is done, so validate again.
        // Between epochs: start the next one.
        var (epoch, batch, loaderEpoch) = meta switch
        {
            { TrainPosition: { } p } => (meta.Epoch, p, meta.TrainLoaderEpoch - 1),
            { ValidPosition: not null } => (meta.Epoch, learn.Dls.Train.Count, meta.TrainLoaderEpoch - 1),
            _ => (meta.Epoch + 1, 0, meta.TrainLoaderEpoch),
        };
        learn.Dls.Train.ContinueAt(loaderEpoch, batch);
        if (meta.Recorder is { } history) learn.Cb<Callbacks.Recorder>()?.LoadState(history);
        foreach (var cb in learn.Cbs.OfType<IResumable>())
            if (meta.Callbacks?.GetValueOrDefault(cb.GetType().Name) is { } s) cb.LoadState(s);
        if (learn.Opt is null) learn.CreateOpt();
        if (meta.FrozenGroups < 0 || meta.FrozenGroups > learn.Opt!.ParamGroups.Count)
            throw new InvalidDataException($"{path}: {meta.FrozenGroups} frozen parameter groups, but the optimizer has {learn.Opt!.ParamGroups.Count}");
        learn.FreezeTo(meta.FrozenGroups);
        learn.Resuming = new ResumePoint(epoch, batch, meta.TrainIter, meta.NEpoch, meta.FrozenGroups);
        return learn;
    }

    /// <summary>Loads a checkpoint saved by Save into the model (and the optimizer when withOpt and saved); every mismatch is listed in one error.</summary>
    public static Learner Load(this Learner learn, string name, bool withOpt = true)
    {
        LoadCore(learn, name, withOpt, out _);
        return learn;
    }

    private static CheckpointMeta LoadCore(Learner learn, string name, bool withOpt, out string path)
    {
        path = learn.CheckpointPath(name);
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint {path} does not exist", path);
        var zip = ReadZip(path);
        var meta = ReadMeta(zip, path);
        var weights = ReadTensors(zip, "model.fdts", path) ?? throw new InvalidDataException($"{path}: no model.fdts entry");
        var optState = withOpt && meta.OptHypers is not null ? ReadTensors(zip, "opt.fdts", path) : null;
        try
        {
            LoadStateInto(learn.Model, weights, path);
            if (optState is not null)
            {
                if (learn.Opt is null) learn.CreateOpt();
                try { learn.Opt!.LoadStateDict(optState, [.. meta.OptHypers!]); }
                catch (ArgumentException e) { throw new InvalidDataException($"{path}: the optimizer state does not fit this learner ({e.Message})", e); }
            }
            learn.Epoch = meta.Epoch;
            return meta;
        }
        finally { foreach (var t in weights.Values.Concat(optState?.Values.AsEnumerable() ?? [])) t.Dispose(); }
    }

    /// <summary>Copies named tensors into a module's parameters and buffers, after checking that every key and shape matches.</summary>
    public static void LoadStateInto(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, string source)
    {
        var state = module.state_dict();
        var missing = state.Keys.Where(k => !weights.ContainsKey(k)).ToList();
        var unexpected = weights.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var shapes = state.Where(kv => weights.TryGetValue(kv.Key, out var w) && !w.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: model {Formats.Shape(kv.Value)} vs file {Formats.Shape(weights[kv.Key])}").ToList();
        if (missing.Count + unexpected.Count + shapes.Count > 0)
            throw new InvalidDataException($"{source} does not fit the model:" +
                (missing.Count > 0 ? $"\n  missing keys: {string.Join(", ", missing)}" : "") +
                (unexpected.Count > 0 ? $"\n  unexpected keys: {string.Join(", ", unexpected)}" : "") +
                (shapes.Count > 0 ? $"\n  shape mismatches: {string.Join("; ", shapes)}" : ""));
        using var noGrad = no_grad();
        foreach (var (key, t) in state) t.copy_(weights[key]);
    }

    internal static Dictionary<string, byte[]> ReadZip(string path) => ZipReader.ReadAll(path);

    internal static Dictionary<string, Tensor>? ReadTensors(Dictionary<string, byte[]> zip, string entry, string path)
    {
        if (!zip.TryGetValue(entry, out var bytes)) return null;
        using var buffer = new MemoryStream(bytes, writable: false);
        return TensorStore.Read(buffer, $"{path}!{entry}");
    }

    private static CheckpointMeta ReadMeta(Dictionary<string, byte[]> zip, string path)
    {
        var bytes = zip.GetValueOrDefault("meta.json") ?? throw new InvalidDataException($"{path}: no meta.json entry (not a FastDays checkpoint)");
        return ReadJson<CheckpointMeta>(bytes, path, "meta.json");
    }

    /// <summary>A JSON entry of a FastDays zip, with malformed JSON reported as an InvalidDataException naming the file.</summary>
    internal static T ReadJson<T>(byte[] bytes, string path, string entry)
    {
        try { return JsonSerializer.Deserialize<T>(bytes, Json) ?? throw new InvalidDataException($"{path}: empty {entry}"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: corrupt {entry} ({e.Message})", e); }
    }
}
