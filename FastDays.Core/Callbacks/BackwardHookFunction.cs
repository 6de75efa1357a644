using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>The identity as an autograd function whose backward hands the incoming gradient to a callback: how a Hook sees the gradient with respect
/// to a module's output, since TorchSharp modules have forward hooks only.</summary>
internal sealed class BackwardHookFunction : autograd.SingleTensorFunction<BackwardHookFunction>
{
    private const string CallbackKey = "callback";

    /// <inheritdoc />
    public override string Name => nameof(BackwardHookFunction);

    /// <summary>Returns a copy of the tensor (vars[0]) whose gradient, when backward reaches it, is passed to the callback (vars[1], an Action).</summary>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(vars);
        ctx.save_data(CallbackKey, vars[1]);
        return ((Tensor)vars[0]).clone();
    }

    /// <summary>Calls the callback with the gradient and passes the gradient on unchanged.</summary>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ((Action<Tensor>)ctx.get_data(CallbackKey)).Invoke(grad_output);
        return [grad_output, null!];
    }
}
