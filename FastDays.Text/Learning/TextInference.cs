using FastDays.Learning;
using FastDays.Text.Data;
using static TorchSharp.torch;

namespace FastDays.Text.Learning;

/// <summary>Predictions of an exported text classifier (LoadLearner) for raw texts.</summary>
public static class TextInference
{
    /// <summary>The text block an export recorded as its input, or an error when the export is not of text.</summary>
    public static TextBlock TextBlockOf(this InferenceLearner learn)
    {
        ArgumentNullException.ThrowIfNull(learn);
        return learn.Blocks.Count > 0 && FastDays.Data.DataSpecs.Block(learn.Blocks[0]) is TextBlock block ? block
            : throw new InvalidOperationException("this export's input is not text (no TextBlock recorded)");
    }

    /// <summary>The decoded predictions of texts (class names with the probabilities), in their order; texts are batched bs at a time, padded as in
    /// training. An empty text is an error naming its position.</summary>
    public static IReadOnlyList<Prediction> PredictTexts(this InferenceLearner learn, IReadOnlyList<string> texts, int bs = 16)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var block = learn.TextBlockOf();
        var result = new List<Prediction>(texts.Count);
        foreach (var chunk in texts.Select((t, i) => (t, i)).Chunk(bs))
        {
            using var scope = NewDisposeScope();
            var items = chunk.Select(c =>
            {
                try { return block.Encode(c.t); }
                catch (InvalidDataException e) { throw new InvalidDataException($"text {c.i}: {e.Message}", e); }
            }).ToList();
            var x = block.Collate(items);
            result.AddRange(learn.Decode(learn.GetPreds(x)));
        }
        return result;
    }
}
