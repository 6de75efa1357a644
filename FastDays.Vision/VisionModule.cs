using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FastDays.Vision;

/// <summary>What FastDays.Vision does when it is first used: registers its architectures in the ModelZoo and its blocks and transforms in DataSpecs.
/// </summary>
internal static class VisionModule
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "LoadLearner must find this library's architectures however the program reaches them.")]
    internal static void Initialize()
    {
        Models.VisionArchitectures.Register();
        Data.VisionSpecs.Register();
    }
}
