using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FastDays.Text;

/// <summary>What FastDays.Text does when it is first used: registers its architectures in the ModelZoo and its TextBlock in DataSpecs, so that
/// LoadLearner rebuilds a text export.</summary>
internal static class TextModule
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "LoadLearner must find this library's architectures however the program reaches it.")]
    internal static void Initialize() => Models.TextSpecs.Register();
}
