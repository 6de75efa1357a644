using System.IO.Compression;
using static TorchSharp.torch;

namespace FastDays.Interop;

/// <summary>Named tensors from a PyTorch (.pt/.pth/.bin) or safetensors file, with the state dict picked out of a nested checkpoint by a key path.</summary>
public static class WeightsFile
{
    /// <summary>Whether a file is safetensors (by extension, else by its first bytes not being a zip or pickle).</summary>
    public static bool IsSafeTensors(string path) => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <summary>The state dict in a file: the whole file, or for a checkpoint the dict at key (a path like model or state/model).</summary>
    public static OrderedDictionary<string, Tensor> ReadStateDict(string path, string? key = null)
    {
        if (IsSafeTensors(path))
        {
            if (key is not null) throw new ArgumentException($"{path}: safetensors files are flat; --key {key} does not apply", nameof(key));
            return SafeTensors.Read(path);
        }
        var node = Select(PyTorchFile.Load(path), key, path);
        if (node is not OrderedDictionary<object, object?> dict)
            throw new InvalidDataException($"{path}: {(key is null ? "the file" : $"'{key}'")} holds a {Describe(node)}, not a state dict");
        var others = dict.Where(kv => kv.Value is not Tensor).Select(kv => $"{kv.Key} ({Describe(kv.Value)})").ToList();
        if (others.Count > 0)
            throw new InvalidDataException($"{path}: {(key is null ? "the file" : $"'{key}'")} is a checkpoint, not a state dict: it also holds " +
                $"{string.Join(", ", others)}; " +
                $"pick the state dict with a key path (keys here: {string.Join(", ", dict.Keys)})");
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (k, v) in dict) result[k.ToString()!] = (Tensor)v!;
        return result;
    }

    /// <summary>Writes a state dict as a PyTorch .pt file (the zip format torch.save writes, through TorchSharp.PyBridge's pickler), atomically;
    /// PyTorch reads it with torch.load(path, weights_only=True). Returns the file.</summary>
    /// <remarks>Its entries are stored, not deflated, as torch.save stores them: a file of mostly constant tensors then stays as large as what it
    /// holds, within the inflation budget the zip reader allows every archive.</remarks>
    public static string SavePyTorch(IReadOnlyDictionary<string, Tensor> stateDict, string path)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        using var scope = NewDisposeScope();
        var entries = new System.Collections.Specialized.OrderedDictionary();
        foreach (var (name, tensor) in stateDict)
        {
            if (tensor.IsInvalid) throw new ArgumentException($"tensor '{name}' has been disposed", nameof(stateDict));
            entries[name] = Modules.MemoryFormats.ToContiguous(tensor.cpu());   // PyTorch gets the standard layout, whatever the model's memory format
        }
        Persistence.AtomicFile.Write(path, stream => WriteStored(stream, s => TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(s, entries, leaveOpen: true)));
        return path;
    }

    /// <summary>Writes the zip archive that write makes (TorchSharp.PyBridge deflates every entry) to target with every entry stored, as torch.save
    /// writes them; the deflated archive goes through a temporary file, not memory.</summary>
    internal static void WriteStored(Stream target, Action<Stream> write)
    {
        var temporary = System.IO.Path.GetTempFileName();
        try
        {
            using (var file = File.Create(temporary)) write(file);
            using var source = ZipFile.OpenRead(temporary);
            using var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                from.CopyTo(to);
            }
        }
        finally { File.Delete(temporary); }
    }

    /// <summary>Every tensor in a file with its path (nested dict keys and list indices joined by '/'), for inspection.</summary>
    public static List<(string Name, Tensor Tensor)> ReadAll(string path, string? key = null)
    {
        if (IsSafeTensors(path)) return [.. ReadStateDict(path, key).Select(kv => (kv.Key, kv.Value))];
        var result = new List<(string, Tensor)>();
        Walk(Select(PyTorchFile.Load(path), key, path), path, result);
        return result;
    }

    private static void Walk(object? root, string path, List<(string, Tensor)> into)
    {
        // Depth-first like a recursion, but on a stack of our own: a hostile pickle can nest 100,000 levels deep, refer to itself
        // (caught by the depth limit) or share containers so that a walk would visit billions of nodes (caught by the count).
        const int MaxDepth = 1000, MaxNodes = 10_000_000;
        var pending = new Stack<(object? Node, string Prefix, int Depth)>([(root, "", 0)]);
        var visited = 0;
        while (pending.TryPop(out var item))
        {
            var (node, prefix, depth) = item;
            if (++visited > MaxNodes) throw new InvalidDataException($"{path}: more than {MaxNodes} objects (containers shared over and over?)");
            if (node is Tensor t) { into.Add((prefix, t)); continue; }
            if (node is string || node is not System.Collections.IEnumerable) continue;
            if (depth >= MaxDepth) throw new InvalidDataException($"{path}: containers nested more than {MaxDepth} levels deep (or containing themselves)");
            var children = node switch
            {
                OrderedDictionary<object, object?> d => d.Select(kv => (kv.Value, $"{kv.Key}")).ToList(),
                IEnumerable<object?> list => list.Select((v, i) => (v, $"{i}")).ToList(),
                _ => [],
            };
            for (var i = children.Count - 1; i >= 0; i--)
                pending.Push((children[i].Item1, prefix.Length == 0 ? children[i].Item2 : $"{prefix}/{children[i].Item2}", depth + 1));
        }
    }

    private static object? Select(object? root, string? key, string path)
    {
        if (key is null) return root;
        var node = root;
        foreach (var part in key.Split('/'))
        {
            if (node is not OrderedDictionary<object, object?> d || !d.TryGetValue(part, out var next))
                throw new KeyNotFoundException($"{path}: no key '{part}' in key path '{key}'" +
                    (node is OrderedDictionary<object, object?> dd ? $" (keys here: {string.Join(", ", dd.Keys)})" : $" (found a {Describe(node)})"));
            node = next;
        }
        return node;
    }

    private static string Describe(object? o) => o switch
    {
        null => "None",
        Tensor t => $"tensor {Formats.Shape(t)}",
        OrderedDictionary<object, object?> d => $"dict of {d.Count}",
        string => "string",
        long or double or bool => o.GetType().Name.ToLowerInvariant(),
        _ => o.GetType().Name,
    };
}
