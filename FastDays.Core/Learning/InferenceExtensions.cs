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
    public static (Tensor Preds, Tensor Targets) GetPreds(this Learner learn, TfmdDL? dl = null, bool raw = false)
    {
        var gather = new GatherPredsCallback(learn.LossFunc, raw);
        learn.AddCbs([gather]);
        try
        {
            learn.DoEpochValidate(dl);
            return gather.Result();
        }
        finally
        {
            learn.RemoveCbs([gather]);
            gather.Dispose();
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
