using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>A callback with tensors that training depends on (such as an average of the weights), saved in checkpoints and restored by Resume.</summary>
public interface IResumableTensors
{
    /// <summary>The tensors by name; the callback keeps owning them (new ones, such as a count, belong to the caller's dispose scope).</summary>
    IReadOnlyDictionary<string, Tensor> SaveTensors();

    /// <summary>Checks tensors made by SaveTensors against the learner and keeps copies of them for the resumed fit; the caller keeps owning them.</summary>
    void LoadTensors(IReadOnlyDictionary<string, Tensor> tensors);
}
