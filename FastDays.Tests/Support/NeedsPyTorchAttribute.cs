namespace FastDays.Tests.Support;

/// <summary>Marks tests whose reference numbers come from Debian's python3-torch (category PyTorch): `dotnet test --filter TestCategory!=PyTorch`
/// runs the rest without it.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class NeedsPyTorchAttribute() : CategoryAttribute("PyTorch");
