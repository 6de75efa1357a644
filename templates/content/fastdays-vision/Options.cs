namespace FastDaysVision;

/// <summary>The command line: --data FOLDER, --pretrained FILE, --epochs N, --max-batches N.</summary>
public sealed record Options(string? Data, string? Pretrained, int Epochs, int MaxBatches)
{
    /// <summary>Reads the options; an unknown option or a bad number is an error that names it.</summary>
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--data" or "--pretrained" or "--epochs" or "--max-batches") || i + 1 >= args.Length)
                throw new ArgumentException($"usage: [--data FOLDER] [--pretrained FILE] [--epochs N] [--max-batches N] (at '{args[i]}')");
            values[args[i]] = args[i + 1];
        }
        static int Number(Dictionary<string, string> v, string key, int fallback) =>
            !v.TryGetValue(key, out var text) ? fallback : int.TryParse(text, out var n) && n > 0 ? n :
                throw new ArgumentException($"{key} takes a positive number, not '{text}'");
        return new Options(values.GetValueOrDefault("--data"), values.GetValueOrDefault("--pretrained"), Number(values, "--epochs", 2),
            Number(values, "--max-batches", int.MaxValue));
    }
}
