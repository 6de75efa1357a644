using System.Reflection;

return ProgramRunner.Run(CommandCatalog.Root(Assembly.GetExecutingAssembly(),
    "FastDays benchmarks: speed, memory, parity and hostile-file runs (docs/benchmarks.md says what each measured)."), args, "FastDays.Benchmarks");
