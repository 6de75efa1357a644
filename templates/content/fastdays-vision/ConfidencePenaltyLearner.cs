using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Vision.Learning;
using static TorchSharp.torch;

namespace FastDaysVision;

/// <summary>A Learner whose loss penalises confident predictions (Pereyra et al., 2017): cross-entropy minus beta times the entropy of the predicted
/// distribution. It overrides one piece of the batch step, the loss; the prediction, the backward pass, the step and their events stay the Learner's.
/// </summary>
public sealed class ConfidencePenaltyLearner(DataLoaders dls, nn.Module<Tensor, Tensor> model, VisionArch arch, IEnumerable<Callback>? cbs = null,
    double beta = 0.1) : Learner(dls, model, new CrossEntropyLossFlat(), splitter: VisionLearners.Splitter(arch), cbs: cbs, metrics: [Metric.Accuracy()])
{
    /// <inheritdoc />
    protected override void DoLoss()
    {
        base.DoLoss();                                                 // LossGrad: the loss function's (during MixUp, its blend), Loss: its copy
        if (!Training) return;                                         // validation reports the plain loss
        var logp = Pred!.log_softmax(-1);                              // (bs, classes)
        var entropy = logp.exp().mul(logp).sum(-1).neg().mean();       // the mean entropy of the predictions
        using var weight = tensor(beta, entropy.dtype, entropy.device);
        LossGrad = LossGrad!.sub(entropy.mul(weight));
        Loss = LossGrad.detach();
    }
}
