using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Optimizers;
using static TorchSharp.torch;

namespace FastDays.Tests.Support;

/// <summary>fastai's synth_learner: noisy y = 2x + 3 data and a RegModel, trained with MSE.</summary>
public static class SynthLearner
{
    public static Learner Create(int nTrain = 10, int nValid = 2, int bs = 16, double lr = 1e-3, int seed = 0, OptimizerFactory? opt = null,
        IEnumerable<Callback>? cbs = null, IEnumerable<Metric>? metrics = null, string path = ".", bool quiet = true)
    {
        var (xTrain, yTrain) = Synth(nTrain * bs, seed);
        var (xValid, yValid) = Synth(nValid * bs, seed + 1);
        var dls = DataLoaders.FromTensors(xTrain, yTrain, xValid, yValid, bs, seed);
        var learn = new Learner(dls, new RegModel(), new MseLossFlat(), opt ?? OptFuncs.Sgd(mom: 0), lr, cbs: cbs, metrics: metrics, path: path);
        if (quiet) learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        return learn;
    }

    public static (Tensor X, Tensor Y) Synth(int n, int seed)
    {
        var gen = new TorchSharp.torch.Generator((ulong)seed);
        var x = randn([n], generator: gen);
        var y = 2 * x + 3 + 0.1 * randn([n], generator: gen);
        return (x, y);
    }
}
