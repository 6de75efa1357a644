using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FastDays.Collab;

/// <summary>What FastDays.Collab does when it is first used: registers its architectures in the ModelZoo, so that LoadLearner rebuilds a collab
/// export.</summary>
internal static class CollabModule
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "LoadLearner must find this library's architectures however the program reaches it.")]
    internal static void Initialize() => Models.CollabSpecs.Register();
}
