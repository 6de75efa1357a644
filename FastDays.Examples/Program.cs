using System.Reflection;

return ProgramRunner.Run(CommandCatalog.Root(Assembly.GetExecutingAssembly(),
    "FastDays examples: the book's chapters and the course's days on fastai-style training on TorchSharp. README command 1 is `train`."),
    args, "FastDays.Examples");
