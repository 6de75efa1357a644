using FastDays.Callbacks;
using FastDays.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Interpret;

/// <summary>The book's chapter 18: where a classifier looks. CAM weighs the body's last feature maps by the head's last linear layer (exact when the
/// head is pooling then that layer); Grad-CAM weighs any layer's feature maps by the mean gradient of a class's score over their positions.</summary>
public static class ActivationMaps
{
    /// <summary>The class activation maps of one image (a batch of one, normalised as the model takes it): einsum('ck,kij->cij', weight, act) of the
    /// body's activations act (k × h × w) and the head's last linear weight (classes × k), as the book computes them; one h × w map per class.
    /// </summary>
    public static Tensor Cam(nn.Module<Tensor, Tensor> body, Tensor weight, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var eval = new EvalMode(body);
        var act = Modules.QuietForward.Run(body, x)[0];
        if (act.dim() != 3 || weight.dim() != 2 || weight.shape[1] != act.shape[0])
            throw new ArgumentException($"CAM weighs the body's {Formats.Shape(act)} activations by a (classes, {act.shape[0]}) weight, got " +
                $"{Formats.Shape(weight)}: the head's last linear layer must take the body's channels (a head of pooling and one linear layer)");
        return einsum("ck,kij->cij", weight.detach().to_type(act.dtype), act).MoveToOuterDisposeScope();
    }

    /// <summary>The Grad-CAM map of one class for one image at a layer of the model: the layer's activations (k × h × w) weighed by the mean over
    /// positions of the gradient of the class's output with respect to them, summed over k — one h × w map, as the book computes it (no ReLU).
    /// </summary>
    public static Tensor GradCam(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> layer, Tensor x, long cls)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        using var eval = new EvalMode(model);
        using var activations = ModelHooks.HookOutput(layer);
        using var gradients = ModelHooks.HookOutput(layer, grad: true);
        using (enable_grad())
        {
            var output = Modules.QuietForward.Run(model, x.detach().requires_grad_(true));
            if (output.dim() != 2 || cls < 0 || cls >= output.shape[1])
                throw new ArgumentOutOfRangeException(nameof(cls), cls, $"the model's output is {Formats.Shape(output)}");
            output[0, cls].backward();
        }
        var act = activations.Stored ?? throw new InvalidOperationException("the layer was not called by the model's forward pass");
        var grad = gradients.Stored ?? throw new InvalidOperationException("no gradient reached the layer");
        var weights = grad[0].mean([1, 2], keepdim: true);
        var map = weights.mul(act[0]).sum(dim: 0);
        model.zero_grad();
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>CAM of a vision_learner model (Sequential(body, head), the head ending in a linear layer) for one image batch: one map per class.
    /// </summary>
    public static Tensor Cam(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        var (body, head) = BodyAndHead(model);
        var linear = head.modules().OfType<Linear>().LastOrDefault() ?? throw new ArgumentException("the head has no linear layer", nameof(model));
        return Cam(body, linear.weight!, x);
    }

    /// <summary>Grad-CAM of a vision_learner model for one image batch and class, at the body's last layer.</summary>
    public static Tensor GradCam(nn.Module<Tensor, Tensor> model, Tensor x, long cls) =>
        GradCam(model, (nn.Module<Tensor, Tensor>)BodyAndHead(model).Body.children().Last(), x, cls);

    /// <summary>CAM of a learner's vision_learner model for one image batch (on the learner's device).</summary>
    public static Tensor Cam(this Learner learn, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentNullException.ThrowIfNull(x);
        return Cam(learn.Model, x.to(learn.Device));
    }

    /// <summary>Grad-CAM of a learner's vision_learner model for one image batch and class, at a layer (the body's last when null).</summary>
    public static Tensor GradCam(this Learner learn, Tensor x, long cls, nn.Module<Tensor, Tensor>? layer = null)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentNullException.ThrowIfNull(x);
        return layer is null ? GradCam(learn.Model, x.to(learn.Device), cls) : GradCam(learn.Model, layer, x.to(learn.Device), cls);
    }

    private static (Sequential Body, Sequential Head) BodyAndHead(nn.Module model) =>
        model.named_children().ToList() is [("0", Sequential body), ("1", Sequential head)] ? (body, head)
            : throw new ArgumentException("the model is not Sequential(body, head) as VisionLearner makes it", nameof(model));

    // Eval mode for the duration, then the mode the module was in.
    private readonly struct EvalMode : IDisposable
    {
        private readonly nn.Module _module;
        private readonly bool _training;

        public EvalMode(nn.Module module)
        {
            (_module, _training) = (module, module.training);
            module.eval();
        }

        public void Dispose()
        {
            if (_training) _module.train();
        }
    }
}
