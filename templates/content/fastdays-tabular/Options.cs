namespace FastDaysTabular;

/// <summary>The command line: --csv FILE, --y COLUMN, --epochs N.</summary>
public sealed record Options(string? Csv, string Y, int Epochs)
{
    /// <summary>Reads the options; an unknown option or a bad number is an error that names it.</summary>
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--csv" or "--y" or "--epochs") || i + 1 >= args.Length)
                throw new ArgumentException($"usage: [--csv FILE --y COLUMN] [--epochs N] (at '{args[i]}')");
            values[args[i]] = args[i + 1];
        }
        var epochs = values.TryGetValue("--epochs", out var text) ? int.TryParse(text, out var n) && n > 0 ? n
            : throw new ArgumentException($"--epochs takes a positive number, not '{text}'") : 10;
        return new Options(values.GetValueOrDefault("--csv"), values.GetValueOrDefault("--y") ?? "price", epochs);
    }
}
