using FastDays.Data;
using FastDays.Text.Tokenization;

namespace FastDays.Text.Data;

/// <summary>fastai's TextDataLoaders: training and validation loaders of texts for a language model (streams, LmDataset) or a classifier (texts of
/// similar length batched together and padded, SortedBatchSampler), from a folder in the IMDb layout, a CSV file or texts in memory.</summary>
public static class TextDataLoaders
{
    /// <summary>Loaders from a folder in the IMDb layout: path/train/CLASS/*.txt and path/valid/CLASS/*.txt, the class being the folder's name
    /// (fastai's from_folder); with validPct the files of both folders are split at random instead. A language model also reads the folders in
    /// unlabelled (IMDb's "unsup"). Files are tokenized once and cached beside the folder (TokenCache).</summary>
    public static DataLoaders FromFolder(string path, string train = "train", string valid = "valid", double? validPct = null,
        IReadOnlyList<string>? unlabelled = null, TextDataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = options ?? new TextDataOptions();
        List<string> folders = [train, .. validPct is null || Directory.Exists(Path.Combine(path, valid)) ? [valid] : Array.Empty<string>()];
        if (o.IsLm) folders.AddRange(unlabelled ?? []);
        var tokens = (o.Tokenizer ?? new Tokenizer()).TokenizeFolder(path, folders);
        var files = tokens.Keys.Where(f => o.IsLm || f.Count(c => c == '/') == 2).ToList();
        if (files.Count == 0) throw new InvalidDataException($"{path}: no .txt files under {string.Join(", ", folders)}{(o.IsLm ? "" : "/CLASS/")}");
        var split = validPct is { } pct ? Splitters.RandomSplit(files.Count, pct, o.Seed)
            : ([.. Enumerable.Range(0, files.Count).Where(i => !InFolder(files[i], valid))],
                [.. Enumerable.Range(0, files.Count).Where(i => InFolder(files[i], valid))]);
        if (!o.IsLm && split.Item2.Length == 0) throw new InvalidDataException($"{path}: no texts in {valid}/CLASS/ to validate on; pass validPct to split");
        var labels = o.IsLm ? null : files.Select(f => f.Split('/')[1]).ToList();
        return Build([.. files.Select(f => (object)tokens[f])], labels, split, o, [.. files.Select(f => Path.Combine(path, f))]);
    }

    /// <summary>Loaders from a CSV file with a header (fastai's from_csv): the text in textCol, the class in labelCol (unused by a language model),
    /// the split by validCol (true/1 for validation) or else at random by validPct.</summary>
    public static DataLoaders FromCsv(string csvPath, string textCol = "text", string? labelCol = "label", string? validCol = null, double validPct = 0.2,
        TextDataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        var o = options ?? new TextDataOptions();
        var rows = CsvRows.Read(csvPath);
        if (rows.Count == 0) throw new InvalidDataException($"{csvPath}: no rows");
        string Cell(int i, string col) => rows[i].TryGetValue(col, out var v) ? v
            : throw new InvalidDataException($"{csvPath}: no column '{col}' (have: {string.Join(", ", rows[0].Keys)})");
        var texts = Enumerable.Range(0, rows.Count).Select(i => (object)Cell(i, textCol)).ToList();
        var labels = o.IsLm || labelCol is null ? null : Enumerable.Range(0, rows.Count).Select(i => Cell(i, labelCol)).ToList();
        var split = validCol is null ? Splitters.RandomSplit(rows.Count, validPct, o.Seed) : Splitters.ColSplitter(validCol)(rows);
        return Build(texts, labels, split, o, [.. Enumerable.Range(0, rows.Count).Select(i => $"{csvPath}: row {i + 2}")]);
    }

    /// <summary>Loaders from texts in memory (strings, or lists of tokens already made), their classes (null for a language model) and a split.
    /// </summary>
    public static DataLoaders FromTexts(IReadOnlyList<string> texts, IReadOnlyList<string>? labels, (int[] Train, int[] Valid) split,
        TextDataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Build([.. texts], labels, split, options ?? new TextDataOptions(), [.. Enumerable.Range(0, texts.Count).Select(i => $"text {i}")]);
    }

    /// <summary>The text block of loaders built here (its vocabulary and tokenizer).</summary>
    public static TextBlock TextBlockOf(this DataLoaders dls)
    {
        ArgumentNullException.ThrowIfNull(dls);
        return dls.Blocks.Count > 0 && dls.Blocks[0] is TextBlock block ? block
            : throw new InvalidOperationException("these loaders have no TextBlock: build them with TextDataLoaders or a DataBlock of a TextBlock");
    }

    private static bool InFolder(string file, string folder) => file.StartsWith(folder + "/", StringComparison.Ordinal);

    private static DataLoaders Build(List<object> texts, IReadOnlyList<string>? labels, (int[] Train, int[] Valid) split, TextDataOptions o,
        List<string> names)
    {
        ArgumentNullException.ThrowIfNull(split.Train);
        ArgumentNullException.ThrowIfNull(split.Valid);
        if (labels is not null && labels.Count != texts.Count) throw new ArgumentException($"{labels.Count} labels for {texts.Count} texts");
        var block = new TextBlock(o.Tokenizer, o.Vocab, o.IsLm, o.SeqLen, o.MinFreq, o.MaxVocab);
        if (o.IsLm) return LanguageModel(block, texts, split, o, names);
        if (labels is null) throw new ArgumentException("a classifier's loaders need labels (or set IsLm for a language model's)");
        var data = new DataBlock<int>
        {
            Blocks = [block, new CategoryBlock()],
            Getters = [i => texts[i], i => labels[i]],
            Splitter = _ => split,
            Name = i => names[i],
        };
        var dsets = data.Datasets(Enumerable.Range(0, texts.Count), o.Seed);
        int[] Lengths(BlockDataset ds) => [.. Enumerable.Range(0, ds.Count).Select(i => block.Tokens(ds.Values(i)[0]).Count)];
        var train = new TfmdDL(dsets.Train, new DataLoaderOptions { BatchSize = o.Bs, Shuffle = true, Seed = o.Seed, Training = true, Prefetch = o.Prefetch },
            dsets.BatchTfms, new SortedBatchSampler(Lengths(dsets.Train)));
        var valid = new TfmdDL(dsets.Valid, new DataLoaderOptions { BatchSize = o.Bs * 2, Prefetch = o.Prefetch }, dsets.BatchTfms,
            new SortedBatchSampler(Lengths(dsets.Valid)));
        return new DataLoaders(train, valid, dsets.Blocks[1].Vocab) { Blocks = dsets.Blocks, NInp = 1 };
    }

    private static DataLoaders LanguageModel(TextBlock block, List<object> texts, (int[] Train, int[] Valid) split, TextDataOptions o,
        IReadOnlyList<string> names)
    {
        if (split.Train.Length == 0 || split.Valid.Length == 0)
            throw new InvalidDataException($"the split of {texts.Count} texts leaves {split.Train.Length} training and {split.Valid.Length} validation texts");
        IReadOnlyList<object> Pick(int[] idx) => [.. idx.Select(i => texts[i])];
        var trainTokens = Tokens(block, Pick(split.Train), split.Train, names);
        block.Setup([.. trainTokens]);
        var validTokens = Tokens(block, Pick(split.Valid), split.Valid, names);
        int[][] Ids(IReadOnlyList<IReadOnlyList<string>> docs) => [.. docs.Select(d => block.Numericalizer.Encode(d))];
        var train = new LmDataset(Ids(trainTokens), o.Bs, o.SeqLen, shuffle: true, seed: o.Seed);
        var valid = new LmDataset(Ids(validTokens), o.Bs, o.SeqLen);
        return new DataLoaders(new TfmdDL(train, new DataLoaderOptions { BatchSize = o.Bs, Seed = o.Seed, Training = true, Prefetch = o.Prefetch }),
            new TfmdDL(valid, new DataLoaderOptions { BatchSize = o.Bs, Prefetch = o.Prefetch }), block.Vocab)
        { Blocks = [block], NInp = 1 };
    }

    // Tokens of the texts in parallel; a text that fails is named.
    private static IReadOnlyList<IReadOnlyList<string>> Tokens(TextBlock block, IReadOnlyList<object> texts, int[] idx, IReadOnlyList<string> names)
    {
        try { return block.TokensOf(texts); }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0) { throw Named(e.InnerExceptions[0]); }
        catch (InvalidDataException e) { throw Named(e); }

        Exception Named(Exception e)
        {
            var bad = Enumerable.Range(0, texts.Count).FirstOrDefault(i => Fails(block, texts[i]), -1);
            return bad < 0 ? e : new InvalidDataException($"{names[idx[bad]]}: {e.Message}", e);
        }
    }

    private static bool Fails(TextBlock block, object text)
    {
        try { block.Tokens(text); return false; }
        catch (InvalidDataException) { return true; }
    }
}
