using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FastDays.Tabular;

/// <summary>What FastDays.Tabular does when it is first used: registers its architecture in the ModelZoo.</summary>
internal static class TabularModule
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "LoadLearner must find this library's architecture however the program reaches it.")]
    internal static void Initialize() => Models.TabularModel.Register();
}
