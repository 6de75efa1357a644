using FastDays.Data;
using FastDays.Tabular.Data;
using static TorchSharp.torch;

namespace FastDays.Collab.Data;

/// <summary>The input of collaborative filtering as a data block: a (user, item) pair encoded as two codes, each in a vocabulary learnt from the
/// training pairs (fastai's Categorify on the two columns: #na# first, then the values in order); a user or item the training pairs never saw maps to
/// #na#.</summary>
public sealed class CollabBlock : TransformBlock
{
    private List<string> _users, _items;
    private Dictionary<string, long> _userIndex, _itemIndex;

    /// <summary>Makes the block; users and items fix the vocabularies (each starting with #na#) instead of learning them in Setup.</summary>
    public CollabBlock(string userName = "user", string itemName = "item", IReadOnlyList<string>? users = null, IReadOnlyList<string>? items = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemName);
        (UserName, ItemName) = (userName, itemName);
        _users = users is null ? [] : Checked(users, nameof(users));
        _items = items is null ? [] : Checked(items, nameof(items));
        (_userIndex, _itemIndex) = (Index(_users), Index(_items));
    }

    /// <summary>The tensor type of a (user, item) pair: two int64 codes per item.</summary>
    public static TensorType UserItem { get; } = new("user-item");

    /// <summary>The name of the user column (fastai's user_name).</summary>
    public string UserName { get; }

    /// <summary>The name of the item column (fastai's item_name).</summary>
    public string ItemName { get; }

    /// <summary>The users' vocabulary: #na#, then every training user in order (fastai's dls.classes[user_name]).</summary>
    public IReadOnlyList<string> Users => _users;

    /// <summary>The items' vocabulary: #na#, then every training item in order (fastai's dls.classes[item_name]).</summary>
    public IReadOnlyList<string> Items => _items;

    /// <inheritdoc />
    public override TensorType Type => UserItem;

    /// <inheritdoc />
    public override string Describe() => $"CollabBlock({_users.Count - 1} users, {_items.Count - 1} items)";

    /// <inheritdoc />
    public override void Setup(IReadOnlyList<object> trainingValues)
    {
        ArgumentNullException.ThrowIfNull(trainingValues);
        if (_users.Count > 0 && _items.Count > 0) return;
        var pairs = trainingValues.Select(Pair).ToList();
        _users = [Categorify.Na, .. pairs.Select(p => p.User).Distinct(StringComparer.Ordinal).Order(NumericAwareComparer.Instance)];
        _items = [Categorify.Na, .. pairs.Select(p => p.Item).Distinct(StringComparer.Ordinal).Order(NumericAwareComparer.Instance)];
        (_userIndex, _itemIndex) = (Index(_users), Index(_items));
    }

    /// <inheritdoc />
    public override Tensor Encode(object value)
    {
        var (user, item) = Pair(value);
        return tensor(new[] { Code(_userIndex, user), Code(_itemIndex, item) });
    }

    /// <inheritdoc />
    public override bool EncodesBatch => true;

    /// <inheritdoc />
    public override Tensor EncodeBatch(IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var codes = new long[values.Count * 2];
        for (var i = 0; i < values.Count; i++)
        {
            var (user, item) = Pair(values[i]);
            (codes[2 * i], codes[(2 * i) + 1]) = (Code(_userIndex, user), Code(_itemIndex, item));
        }
        return tensor(codes, [values.Count, 2]);
    }

    /// <inheritdoc />
    public override object Decode(Tensor value, (long Height, long Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        long[] codes;
        using (NewDisposeScope()) codes = value.to_type(ScalarType.Int64).cpu().reshape(-1).data<long>().ToArray();
        if (codes.Length != 2) throw new ArgumentException($"a (user, item) pair is two codes, got {codes.Length}", nameof(value));
        return new[] { Name(_users, codes[0], "user"), Name(_items, codes[1], "item") };
    }

    /// <summary>The code of a user (0, #na#, when the training pairs never saw it).</summary>
    public long UserCode(string user) => Code(_userIndex, user);

    /// <summary>The code of an item (0, #na#, when the training pairs never saw it).</summary>
    public long ItemCode(string item) => Code(_itemIndex, item);

    /// <summary>The codes of names of users (isItem false) or items, each of which must be in the vocabulary; an unknown name is an error naming it.
    /// </summary>
    public long[] Codes(IEnumerable<string> names, bool isItem = true)
    {
        ArgumentNullException.ThrowIfNull(names);
        var (index, what) = isItem ? (_itemIndex, ItemName) : (_userIndex, UserName);
        return [.. names.Select(n => n != Categorify.Na && index.TryGetValue(n, out var c) ? c
            : throw new KeyNotFoundException($"{what} '{Formats.Clip(n)}' is not in the training ratings"))];
    }

    /// <summary>The (user, item) of a raw value: a pair of strings or a list of two.</summary>
    internal static (string User, string Item) Pair(object value) => value switch
    {
        (string user, string item) => (user, item),
        IReadOnlyList<string> { Count: 2 } list => (list[0], list[1]),
        _ => throw new InvalidDataException($"a CollabBlock takes (user, item) pairs of text, got {value?.GetType().Name ?? "null"}"),
    };

    private static long Code(Dictionary<string, long> index, string name) => index.TryGetValue(name, out var c) ? c : 0;

    private static string Name(List<string> vocab, long code, string what) =>
        code >= 0 && code < vocab.Count ? vocab[(int)code] : throw new ArgumentOutOfRangeException(nameof(code), code, $"no {what} {code} among {vocab.Count}");

    private static List<string> Checked(IReadOnlyList<string> vocab, string name) =>
        vocab.Count > 0 && vocab[0] == Categorify.Na ? [.. vocab] : throw new ArgumentException($"a vocabulary starts with {Categorify.Na}", name);

    private static Dictionary<string, long> Index(List<string> vocab)
    {
        var index = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in vocab)
            if (!index.TryAdd(v, index.Count)) throw new ArgumentException($"the vocabulary names '{Formats.Clip(v)}' twice", nameof(vocab));
        return index;
    }
}
