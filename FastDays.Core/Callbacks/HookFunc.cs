using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>What a hook computes when it fires (fastai's hook_func): from the module and, for a forward hook, its input and output, or, for a backward
/// hook, the gradient with respect to its output (the gradient with respect to its input is null); the tensor returned becomes Hook.Stored.</summary>
public delegate Tensor? HookFunc(nn.Module module, Tensor? input, Tensor output);
