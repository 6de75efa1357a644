using System.IO.Compression;
using System.Text.Json;
using FastDays.Persistence;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>fastai's save/load: a checkpoint of model weights, optimizer state and epoch in one zip, written atomically.</summary>
public static class CheckpointExtensions
{
    /// <summary>The file a checkpoint name maps to: Path/models/name.ckpt (a path with a folder or extension is used as given).</summary>
    public static string CheckpointPath(this Learner learn, string name) => learn.ModelsFile(name, ".ckpt");

    /// <summary>The file a name under Path/models maps to with an extension (a path with a folder or extension is used as given): what checkpoints
    /// and saved encoders share.</summary>
    internal static string ModelsFile(this Learner learn, string name, string extension) =>
        System.IO.Path.HasExtension(name) || name.Contains(System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? name
            : System.IO.Path.Combine(learn.Path, "models", name + extension);

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
            ResumableCallbacks(learn).ToDictionary(c => c.Key, c => new Dictionary<string, double>(c.Callback.SaveState()), StringComparer.Ordinal),
            learn.Opt?.FrozenGroups ?? 0, learn.Dls.Train.Count, learn.ResumeSettings.Count > 0 ? new(learn.ResumeSettings, StringComparer.Ordinal) : null,
            withOpt ? learn.Cb<Callbacks.ParamScheduler>()?.Samples() : null, withOpt ? learn.FitLrs?.ToArray() : null);
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
            if (withOpt && CallbackTensors(learn) is { Count: > 0 } cbTensors)
                using (var s = zip.CreateEntry("callbacks.fdts", CompressionLevel.NoCompression).Open()) TensorStore.Write(s, cbTensors);
        }, removeStale: true);
        return path;
    }

    /// <summary>Loads a checkpoint saved by Save with its optimizer and arms the next fit to continue exactly where the saved one was (mid-epoch
    /// included); call the same Fit/FitOneCycle again.</summary>
    /// <remarks>Every field of the checkpoint is checked against the learner (its loaders, optimizer and callbacks) before anything is loaded, and
    /// a checkpoint of a finished fit is refused.</remarks>
    public static Learner Resume(this Learner learn, string name)
    {
        var path = learn.CheckpointPath(name);
        using var zip = OpenCheckpoint(path);
        var meta = ReadMeta(zip);
        if (meta.Version < 2 || meta.OptHypers is null || meta.NEpoch == 0)
            throw new InvalidDataException($"{path} holds no fit to resume (saved " +
                $"{(meta.OptHypers is null ? "without the optimizer" : "outside a fit or by an older FastDays")}); Load it instead");
        // Mid-training: continue that epoch's order at the next batch. Mid-validation: training of that epoch is done, so validate again.
        // Between epochs: start the next one.
        var (epoch, batch, loaderEpoch) = meta switch
        {
            { TrainPosition: { } p } => (meta.Epoch, p, meta.TrainLoaderEpoch - 1),
            { ValidPosition: not null } => (meta.Epoch, learn.Dls.Train.Count, meta.TrainLoaderEpoch - 1),
            _ => (meta.Epoch + 1, 0, meta.TrainLoaderEpoch),
        };
        CheckResumable(meta, learn, path, epoch, loaderEpoch);
        LoadCallbackTensors(learn, zip);
        LoadCore(learn, zip, meta, withOpt: true);
        if (ReadTensors(zip, "rng.fdts") is { } rng)
            try { set_rng_state(rng.TryGetValue("torch", out var state) ? state : throw new InvalidDataException($"{path}: rng.fdts holds no torch state")); }
            catch (System.Runtime.InteropServices.ExternalException e)
            {
                throw new InvalidDataException($"{path}: a corrupt random state ({e.Message})", e);
            }
            finally { foreach (var t in rng.Values) t.Dispose(); }
        learn.Dls.Train.ContinueAt(loaderEpoch, batch);
        if (meta.Recorder is { } history) learn.Cb<Callbacks.Recorder>()?.LoadState(history);
        foreach (var (key, cb) in ResumableCallbacks(learn))
            if (meta.Callbacks?.GetValueOrDefault(key) is { } s)
                try { cb.LoadState(s); }
                catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
                {
                    throw new InvalidDataException($"{path}: the state of {key} cannot be restored ({e.Message})", e);
                }
        learn.FreezeTo(meta.FrozenGroups);
        learn.Resuming = new ResumePoint(epoch, batch, meta.TrainIter, meta.NEpoch, meta.FrozenGroups, meta.Schedules, meta.Callbacks, meta.FitLrs, path);
        return learn;
    }

    /// <summary>The learner's IResumable callbacks keyed by type name; a second callback of a type is keyed Type#2, a third Type#3, and so on.
    /// </summary>
    internal static IEnumerable<(string Key, IResumable Callback)> ResumableCallbacks(Learner learn) => Keyed<IResumable>(learn);

    // The learner's callbacks of a kind keyed by type name, Type#2, Type#3… for further ones of the same type.
    private static IEnumerable<(string Key, T Callback)> Keyed<T>(Learner learn) =>
        learn.Cbs.OfType<T>().GroupBy(cb => cb!.GetType().Name, StringComparer.Ordinal)
            .SelectMany(g => g.Select((cb, i) => (i == 0 ? g.Key : $"{g.Key}#{i + 1}", cb)));

    /// <summary>Hands the IResumableTensors callbacks among fitCbs (those passed to a resumed fit, which Resume did not see) their tensors from the
    /// checkpoint.</summary>
    internal static void RestoreCallbackTensors(Learner learn, string path, IReadOnlyCollection<Callback> fitCbs)
    {
        if (!fitCbs.OfType<IResumableTensors>().Any()) return;
        using var zip = OpenCheckpoint(path);
        LoadCallbackTensors(learn, zip, fitCbs);
    }

    /// <summary>The tensors of the IResumableTensors callbacks, keyed as type/name.</summary>
    private static Dictionary<string, Tensor> CallbackTensors(Learner learn) =>
        Keyed<IResumableTensors>(learn).SelectMany(c => c.Callback.SaveTensors().Select(kv => (Key: $"{c.Key}/{kv.Key}", kv.Value)))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Hands each IResumableTensors callback (of only, when given) its tensors from the checkpoint; a callback whose tensors are missing or do
    /// not fit is refused.</summary>
    private static void LoadCallbackTensors(Learner learn, ZipReader zip, IReadOnlyCollection<Callback>? only = null)
    {
        var cbs = Keyed<IResumableTensors>(learn).Where(c => only is null || c.Callback is Callback cb && only.Contains(cb)).ToList();
        if (cbs.Count == 0) return;
        var tensors = ReadTensors(zip, "callbacks.fdts") ?? [];
        try
        {
            foreach (var (key, cb) in cbs)
            {
                var prefix = key + "/";
                var own = tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
                if (own.Count == 0) throw new InvalidDataException($"{zip.Path}: no state of {key} (was it saved without that callback?)");
                try { cb.LoadTensors(own); }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"{zip.Path}: the state of {key} cannot be restored ({e.Message})", e);
                }
            }
        }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    /// <summary>Loads a checkpoint saved by Save into the model (and the optimizer when withOpt and saved); every mismatch is listed in one error.</summary>
    public static Learner Load(this Learner learn, string name, bool withOpt = true)
    {
        var path = learn.CheckpointPath(name);
        using var zip = OpenCheckpoint(path);
        LoadCore(learn, zip, ReadMeta(zip), withOpt);
        return learn;
    }

    private static void LoadCore(Learner learn, ZipReader zip, CheckpointMeta meta, bool withOpt)
    {
        var path = zip.Path;
        var weights = ReadTensors(zip, "model.fdts") ?? throw new InvalidDataException($"{path}: no model.fdts entry");
        Dictionary<string, Tensor>? optState = null;
        try
        {
            optState = withOpt && meta.OptHypers is not null ? ReadTensors(zip, "opt.fdts") : null;
            LoadStateInto(learn.Model, weights, path);
            if (optState is not null)
            {
                if (learn.Opt is null) learn.CreateOpt();
                try { learn.Opt!.LoadStateDict(optState, [.. meta.OptHypers!]); }
                catch (ArgumentException e) { throw new InvalidDataException($"{path}: the optimizer state does not fit this learner ({e.Message})", e); }
            }
            learn.Epoch = meta.Epoch;
        }
        finally { foreach (var t in weights.Values.Concat(optState?.Values.AsEnumerable() ?? [])) t.Dispose(); }
    }

    /// <summary>Refuses a checkpoint whose fit position, optimizer groups, history or callback states do not fit this learner or each other.</summary>
    private static void CheckResumable(CheckpointMeta meta, Learner learn, string path, int epoch, int loaderEpoch)
    {
        void Require([System.Diagnostics.CodeAnalysis.DoesNotReturnIf(false)] bool ok, string what)
        {
            if (!ok) throw new InvalidDataException($"{path}: {what}");
        }
        if (meta.Settings is { Count: > 0 } saved && learn.ResumeSettings.Count > 0)
        {
            var now = new Dictionary<string, string>(learn.ResumeSettings, StringComparer.Ordinal);
            var changed = saved.Keys.Union(now.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Where(k => saved.GetValueOrDefault(k) != now.GetValueOrDefault(k))
                .Select(k => $"{k} {saved.GetValueOrDefault(k) ?? "(none)"} (this run: {now.GetValueOrDefault(k) ?? "none"})").ToList();
            if (changed.Count > 0)
                throw new ArgumentException($"{path} was saved by a run with other settings: {string.Join(", ", changed)}; resume it with its own");
        }
        var (train, valid) = (learn.Dls.Train.Count, learn.Dls.Valid.Count);
        Require(epoch < meta.NEpoch, $"the fit of {meta.NEpoch} epochs it holds has finished (epoch {meta.Epoch}); Load it to use the model");
        Require(meta.TrainBatches is null || meta.TrainBatches == train, $"it was saved with {meta.TrainBatches} training batches per epoch, this " +
            $"learner has {train} (another batch size or data set?)");
        Require(meta.TrainPosition is not { } tp || tp >= 0 && tp <= train,
            $"training position {meta.TrainPosition} is outside the {train} batches of an epoch");
        Require(meta.ValidPosition is not { } vp || vp >= 0 && vp <= valid,
            $"validation position {meta.ValidPosition} is outside the {valid} validation batches");
        Require(loaderEpoch >= 0, $"the training loader's epoch {meta.TrainLoaderEpoch} is before the saved position");
        Require(meta.TrainIter <= (long)meta.NEpoch * train, $"{meta.TrainIter} training iterations done, more than a fit of {meta.NEpoch} epochs of " +
            $"{train} batches has");
        if (learn.Opt is null) learn.CreateOpt();
        var groups = learn.Opt!.ParamGroups.Count;
        Require(meta.OptHypers!.Count == groups, $"the optimizer state has {meta.OptHypers.Count} parameter groups, this learner's optimizer {groups}");
        Require(meta.FrozenGroups <= groups, $"{meta.FrozenGroups} frozen parameter groups, but the optimizer has {groups}");
        if (meta.Recorder is { } r)
        {
            var columns = 2 + learn.Metrics.Count;
            Require(r.Losses is not null && r.Lrs is not null && r.Moms is not null && r.Iters is not null && r.Values is not null,
                "the Recorder's history lacks a list");
            Require(r.Lrs.Length == r.Losses.Length && r.Moms.Length == r.Losses.Length,
                $"the Recorder's history has {r.Losses.Length} losses, {r.Lrs.Length} learning rates and {r.Moms.Length} momentums");
            Require(r.Iters.Length == r.Values.Length && r.Values.Length <= epoch,
                $"the Recorder's history has {r.Values.Length} epoch rows and {r.Iters.Length} positions for a fit resumed at epoch {epoch}");
            Require(r.Values.All(v => v?.Length == columns), $"the Recorder's epoch rows must have {columns} values (losses and metrics)");
            Require(r.Iters.All(i => i >= 0 && i <= r.Losses.Length) && r.SmoothCount >= 0, "the Recorder's positions are out of range");
            Require(r.EpochSeconds is null || r.EpochSeconds.All(t => t is >= 0 and < 1e9), "the Recorder's epoch times are out of range");
        }
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
                (missing.Count > 0 ? $" missing keys {Formats.List(missing)};" : "") +
                (unexpected.Count > 0 ? $" unexpected keys {Formats.List(unexpected)};" : "") +
                (shapes.Count > 0 ? $" shape mismatches {Formats.List(shapes)}" : "").TrimEnd(';'));
        using var noGrad = no_grad();
        foreach (var (key, t) in state) t.copy_(weights[key]);
    }

    /// <summary>Opens a checkpoint, refusing entries a checkpoint does not have.</summary>
    internal static ZipReader OpenCheckpoint(string path)
    {
        var zip = ZipReader.Open(path, "checkpoint");
        try { zip.RefuseUnknown(n => n is "meta.json" or "model.fdts" or "opt.fdts" or "rng.fdts" or "callbacks.fdts", "a FastDays checkpoint"); }
        catch { zip.Dispose(); throw; }
        return zip;
    }

    /// <summary>The tensors of a TensorStore entry, or null when the archive has no such entry.</summary>
    internal static Dictionary<string, Tensor>? ReadTensors(ZipReader zip, string entry)
    {
        if (zip.Read(entry) is not { } bytes) return null;
        using var buffer = new MemoryStream(bytes, writable: false);
        return TensorStore.Read(buffer, $"{zip.Path}!{entry}");
    }

    /// <summary>The checkpoint's meta.json with every field that does not depend on the learner checked.</summary>
    private static CheckpointMeta ReadMeta(ZipReader zip)
    {
        var path = zip.Path;
        var bytes = zip.Read("meta.json") ?? throw new InvalidDataException($"{path}: no meta.json entry (not a FastDays checkpoint)");
        var meta = ReadJson<CheckpointMeta>(bytes, path, "meta.json");
        string? bad = meta switch
        {
            { Version: not (1 or 2) } => $"format version {meta.Version} (this FastDays reads 1 and 2)",
            { Epoch: < 0 } or { NEpoch: < 0 } or { TrainIter: < 0 } or { TrainLoaderEpoch: < 0 } or { FrozenGroups: < 0 } =>
                $"a negative count (epoch {meta.Epoch}, n_epoch {meta.NEpoch}, train_iter {meta.TrainIter}, loader epoch {meta.TrainLoaderEpoch}, " +
                $"frozen groups {meta.FrozenGroups})",
            { NEpoch: > 0 } when meta.Epoch > meta.NEpoch => $"epoch {meta.Epoch} of a fit of {meta.NEpoch} epochs",
            _ when meta.OptHypers?.Any(g => g is null || g.Values.Any(v => !double.IsFinite(v))) == true =>
                "an optimizer hyper-parameter that is not a finite number",
            _ when meta.Schedules?.Any(kv => kv.Value is null || kv.Value.Any(row => row?.Length != Callbacks.ParamScheduler.SamplePoints
                || row.Any(v => !double.IsFinite(v)))) == true =>
                $"schedules that are not {Callbacks.ParamScheduler.SamplePoints} finite samples each",
            _ when meta.Settings?.Values.Any(v => v is null) == true => "a setting without a value",
            _ when meta.FitLrs?.Any(v => !double.IsFinite(v) || v < 0) == true => "a learning rate that is not a finite number ≥ 0",
            _ => null,
        };
        return bad is null ? meta : throw new InvalidDataException($"{path}: meta.json holds {bad}");
    }
    /// <summary>A JSON entry of a FastDays zip, with malformed JSON reported as an InvalidDataException naming the file.</summary>
    internal static T ReadJson<T>(byte[] bytes, string path, string entry)
    {
        try { return JsonSerializer.Deserialize<T>(bytes, Json) ?? throw new InvalidDataException($"{path}: empty {entry}"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: corrupt {entry} ({e.Message})", e); }
    }
}
