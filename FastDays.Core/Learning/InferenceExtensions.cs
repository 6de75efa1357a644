using FastDays.Callbacks;
using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>fastai's validate, get_preds and predict on a Learner.</summary>
public static class InferenceExtensions
{
    /// <summary>Runs a validation pass over dl (the validation loader by default) and returns the loss followed by each metric, by name.</summary>
    public static IReadOnlyDictionary<string, double> Validate(this Learner learn, TfmdDL? dl = null)
    {
        if (learn.Opt is null) learn.CreateOpt();
        learn.DoEpochValidate(dl);
        List<string> names = ["valid_loss", .. learn.Metrics.Select(m => m.Name)];
        var values = learn.Recorder.ValidValues;
        return names.Select((n, i) => (n, values[i])).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>Predictions (after the loss's activation unless raw) and targets of every item of dl (the validation loader by default), on the CPU.</summary>
    /// <remarks>A test loader (TestDl: no targets) gives the predictions and an empty targets tensor.</remarks>
    public static (Tensor Preds, Tensor Targets) GetPreds(this Learner learn, TfmdDL? dl = null, bool raw = false)
    {
        ArgumentNullException.ThrowIfNull(learn);
        if (dl?.Dataset is BlockDataset { } inputs && inputs.NInp == inputs.Blocks.Count) return (TestPreds(learn, dl, raw), empty(0));
        var gather = new GatherPredsCallback(learn.LossFunc, raw);
        var loader = dl ?? learn.Dls.Valid;
        var epoch = loader.Next.Epoch;
        learn.AddCbs([gather]);
        try
        {
            learn.DoEpochValidate(dl);
            var (preds, targets) = gather.Result();
            return loader.Sampler is null ? (preds, targets) : InItemOrder(loader.Batches(epoch), preds, targets);
        }
        finally
        {
            learn.RemoveCbs([gather]);
            gather.Dispose();
        }
    }

    // A sampler's batches put the items in its own order; predictions and targets go back to the data set's.
    private static (Tensor Preds, Tensor Targets) InItemOrder(IReadOnlyList<int[]> batches, Tensor preds, Tensor targets)
    {
        var items = batches.SelectMany(b => b).Select(i => (long)i).ToArray();
        if (items.Length != preds.shape[0]) return (preds, targets);
        using var scope = NewDisposeScope();
        var inverse = tensor(items).argsort();
        var result = (preds.index_select(0, inverse).MoveToOuterDisposeScope(), targets.index_select(0, inverse).MoveToOuterDisposeScope());
        preds.Dispose();
        targets.Dispose();
        return result;
    }

    /// <summary>Predicts one item as the data's input block takes it — an image file, a value — through the validation item and batch transforms
    /// (fastai's predict): the target decoded by its block (a class name, a set of names, points in the input's pixels), with the activated outputs.
    /// </summary>
    public static Prediction Predict(this Learner learn, object item)
    {
        ArgumentNullException.ThrowIfNull(learn);
        var target = learn.Dls.TargetBlock ?? throw new InvalidOperationException("Predict(item) needs loaders made by a DataBlock; give a tensor instead");
        using var scope = NewDisposeScope();
        var dl = learn.Dls.TestDl([item], bs: 1);
        using var preds = TestPreds(learn, dl, raw: false);
        var decoded = learn.LossFunc.Decodes(preds)[0];
        using var batch = dl.OneBatch();
        (long, long)? size = batch.X.dim() == 4 ? (batch.X.shape[2], batch.X.shape[3]) : null;   // the input's pixels, which points decode to
        var value = target.Decode(decoded, size);
        var index = decoded.numel() == 1 && !decoded.is_floating_point() ? decoded.item<long>() : -1;
        return new Prediction(value, target.Show(value), index, preds[0].to_type(ScalarType.Float32).cpu().reshape(-1).data<float>().ToArray());
    }

    /// <summary>Activated (unless raw) predictions of every batch of a loader, with no targets needed, in eval mode and without gradients.</summary>
    private static Tensor TestPreds(Learner learn, TfmdDL dl, bool raw)
    {
        using var noGrad = no_grad();
        var training = learn.Model.training;
        learn.Model.eval();
        dl.Device = learn.Device;
        var preds = new List<Tensor>();
        try
        {
            foreach (var batch in dl)
            {
                using var scope = NewDisposeScope();
                scope.Attach(batch.Parts);
                var x = batch.X.is_floating_point() ? batch.X.to_type(learn.ComputeDtype()) : batch.X;
                var output = Modules.QuietForward.Run(learn.Model, x).to_type(ScalarType.Float32);
                preds.Add((raw ? output : learn.LossFunc.Activation(output)).cpu().DetachFromDisposeScope());
            }
            return cat(preds, 0);
        }
        finally
        {
            foreach (var p in preds) p.Dispose();
            if (training) learn.Model.train();
        }
    }

    /// <summary>Predicts one item (without batch dimension): the decoded class index, its name when the data has a vocabulary, and the activated
    /// outputs.</summary>
    public static (long Index, string? Label, float[] Probs) Predict(this Learner learn, Tensor item)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        learn.Model.eval();
        var batch = new Batch(item.unsqueeze(0), zeros(1, dtype: ScalarType.Int64)).To(learn.Device);
        foreach (var t in learn.Dls.Valid.BatchTransforms) batch = t.Apply(batch, training: false);
        var x = batch.X.is_floating_point() ? batch.X.to_type(learn.ComputeDtype()) : batch.X;
        var probs = learn.LossFunc.Activation(Modules.QuietForward.Run(learn.Model, x).to_type(ScalarType.Float32))[0];
        var decoded = learn.LossFunc.Decodes(probs.unsqueeze(0));
        var index = decoded.numel() == 1 ? decoded.to_type(ScalarType.Int64).item<long>() : -1;
        var vocab = learn.Dls.Vocab;
        return (index, index >= 0 && index < vocab.Count ? vocab[(int)index] : null, probs.to_type(ScalarType.Float32).cpu().data<float>().ToArray());
    }
}
