namespace FastDays.Tests.Support;

/// <summary>Marks tests that drive Debian's chromium through chromium-driver (category Browser; scripts/test.sh installs both):
/// `dotnet test --filter TestCategory!=Browser` runs the rest without them.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class NeedsBrowserAttribute() : CategoryAttribute("Browser");
