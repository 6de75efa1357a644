using FastDays.Learning;
using FastDays.Onnx;
using FastDays.Tabular.Learning;
using FastDays.Text.Data;
using FastDays.Text.Learning;
using FastDays.Vision.Learning;

namespace FastDays.Serve;

/// <summary>An export loaded once for serving — an image model, a tabular model or a text classifier — and its predictions decoded for a page and
/// for programs. Image and tabular models run requests concurrently (in evaluation they hold no state); a text model's recurrent state is not
/// shared between requests: they take turns.</summary>
public sealed class ServedModel : IDisposable
{
    private readonly InferenceLearner _learn;
    private readonly TabularInference? _tabular;
    private readonly Lock _textTurn = new();
    private readonly OnnxModel? _onnx;

    private ServedModel(string path, InferenceLearner learn, TabularInference? tabular, OnnxModel? onnx)
    {
        (Path, _learn, _tabular, _onnx) = (path, learn, tabular, onnx);
        Kind = tabular is not null ? ServedKind.Tabular
            : learn.Blocks.Count > 0 && learn.Blocks[0].Kind == nameof(TextBlock) ? ServedKind.Text : ServedKind.Image;
        if (Kind == ServedKind.Image && learn.ItemShape is null && learn.Blocks.Count == 0)
            throw new InvalidDataException($"{path}: the export does not record its input (it predates that); export the learner again");
        Columns = tabular is null ? [] : [.. tabular.Procs.DateNames, .. tabular.Procs.CatNames.Where(c => !IsDatePart(tabular, c)),
            .. tabular.Procs.ContNames.Where(c => !IsDatePart(tabular, c))];
    }

    /// <summary>The export file.</summary>
    public string Path { get; }

    /// <summary>What the model takes.</summary>
    public ServedKind Kind { get; }

    /// <summary>The input columns of a tabular model (dates, categories, numbers); empty for other models.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The classes the model tells apart (empty for regression and points).</summary>
    public IReadOnlyList<string> Classes => _tabular?.Procs.YVocab ?? (IReadOnlyList<string>)_learn.Vocab;

    /// <summary>Whether the model runs in ONNX Runtime (an image classifier given its ONNX file) rather than in libtorch.</summary>
    public bool RunsOnnx => _onnx is not null;

    /// <summary>Loads an export written by train, vision_learner's exports, ExportTabular or a text classifier; with onnx (the file export-onnx
    /// wrote from it), an image classifier's model runs in ONNX Runtime — the export still decodes and fits the images.</summary>
    public static ServedModel Load(string path, string? onnx = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var tabular = ExportExtensions.ReadEntry(path, TabularInference.EntryName) is null ? null : TabularInference.Load(path);
        var learn = tabular?.Learner ?? ExportExtensions.LoadLearner(path);
        if (string.IsNullOrEmpty(onnx)) return new ServedModel(path, learn, tabular, null);
        var model = new OnnxModel(onnx);
        if (tabular is not null || learn.Activation != "softmax" || !model.Classes.SequenceEqual(learn.Vocab))
        {
            model.Dispose();
            learn.Model.Dispose();
            throw new ArgumentException($"{onnx}: ONNX serving takes an image classifier's file written from this export ({path}) by export-onnx");
        }
        return new ServedModel(path, learn, null, model);
    }

    /// <summary>Predicts an image file (an InvalidDataException names what is wrong with it).</summary>
    public PredictionResult PredictImage(string file)
    {
        Expect(ServedKind.Image);
        if (_onnx is null)
        {
            OpenMpThreads.UseOneThreadHere();   // requests run side by side: one OpenMP thread each, no pool per request thread
            return Result(_learn.Predict(file));
        }
        using var scope = TorchSharp.torch.NewDisposeScope();
        var input = _learn.BatchInput([_learn.Encode(file)]);
        var (values, _) = _onnx.Run(input);
        var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(values);
        return new PredictionResult(_onnx.Classes[best], Ranked(_onnx.Classes, values));
    }

    /// <summary>Predicts one table row given as column → value (absent columns are missing); a column the model does not take is an
    /// ArgumentException naming it.</summary>
    public PredictionResult PredictRow(IReadOnlyDictionary<string, string?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Expect(ServedKind.Tabular);
        var known = Columns.ToHashSet(StringComparer.Ordinal);
        var unknown = row.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            var names = string.Join(", ", unknown.Take(10).Select(u => $"'{Formats.Clip(u)}'"));
            throw new ArgumentException($"unknown column{(unknown.Count > 1 ? "s" : "")} {names} (the model takes {string.Join(", ", Columns)})");
        }
        var p = _tabular!.Predict(row);
        return new PredictionResult(p.Label, _tabular.Procs.YVocab is { } classes ? Ranked(classes, p.Probs) : []);
    }

    /// <summary>Predicts a text; an empty one is an ArgumentException.</summary>
    public PredictionResult PredictText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Expect(ServedKind.Text);
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("the text is empty");
        lock (_textTurn) return Result(_learn.PredictTexts([text])[0]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _onnx?.Dispose();
        _learn.Model.Dispose();
    }

    private PredictionResult Result(Prediction p) => new(p.Text, _learn.Activation is "softmax" or "sigmoid" && _learn.Vocab.Count == p.Outputs.Length
        ? Ranked(_learn.Vocab, p.Outputs) : []);

    private static List<ClassProbability> Ranked(IReadOnlyList<string> classes, float[] probs) =>
        [.. classes.Select((c, i) => new ClassProbability(c, probs[i])).OrderByDescending(c => c.Probability)];

    private void Expect(ServedKind kind)
    {
        if (Kind != kind)
            throw new ArgumentException($"this export takes {Describe(Kind)}, not {Describe(kind)}");
    }

    private static string Describe(ServedKind kind) => kind switch
    {
        ServedKind.Image => "an image (a multipart upload named 'file')",
        ServedKind.Tabular => "a table row (a JSON object of column → value)",
        _ => "a text (JSON {\"text\": ...})",
    };

    private static bool IsDatePart(TabularInference t, string column) =>
        t.Procs.DateNames.Any(d => Tabular.Data.DateParts.Suffixes.Any(s => column == Tabular.Data.DateParts.Prefix(d) + s));
}
