namespace FastDays.Examples.Cli;

/// <summary>A command run as `bench NAME` rather than on its own; implementations are discovered by reflection.</summary>
public interface IBenchmark : IExampleCommand;
