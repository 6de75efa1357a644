using static TorchSharp.torch;

namespace FastDays;

/// <summary>Chooses the torch device at run time from a name such as cpu, cuda, cuda:1 or auto.</summary>
public static class TorchDevices
{
    /// <summary>Resolves a device name; auto picks CUDA when torch.cuda.is_available(), else the CPU.</summary>
    public static Device Resolve(string? name)
    {
        var key = (name ?? "auto").Trim().ToLowerInvariant();
        if (key == "auto") return cuda.is_available() ? CUDA : CPU;
        if (key == "cpu") return CPU;
        if (key == "cuda" || key.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new ArgumentException($"device '{name}' was requested but CUDA is not available (build with -p:TorchBackend=cuda on a " +
                    "machine with an NVIDIA GPU)");
            return new Device(key);
        }
        throw new ArgumentException($"unknown device '{name}': use cpu, cuda, cuda:N or auto");
    }
}
