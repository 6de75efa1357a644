using static TorchSharp.torch;

namespace FastDays.Interop;

/// <summary>A pickled reference to a PyTorch storage: its element type, its key in the file and its length in elements (when known).</summary>
public sealed record StorageRef(ScalarType DType, string Key, long? Numel);
