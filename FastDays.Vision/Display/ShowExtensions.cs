using FastDays.Data;
using FastDays.Interpret;
using static TorchSharp.torch;

namespace FastDays.Vision.Display;

/// <summary>fastai's show_batch and plot_top_losses, written to PNG files.</summary>
public static class ShowExtensions
{
    /// <summary>A training batch after all its transforms (denormalised for display) with the labels, as a PNG grid; returns the file.</summary>
    public static string ShowBatch(this DataLoaders dls, string path, int maxN = 16, int cols = 4)
    {
        using var scope = NewDisposeScope();   // the item views, denormalised copies and labels read below
        using var batch = dls.Train.OneBatch();
        var n = (int)Math.Min(maxN, batch.Size);
        var images = Enumerable.Range(0, n).Select(i => Denormalize(dls.Train, batch.X[i])).ToList();
        var captions = Enumerable.Range(0, n).Select(i => Label(dls.Vocab, batch.Y[i])).ToList();
        return ImageGrid.Save(path, images, captions, cols);
    }

    /// <summary>The k validation items with the highest loss — prediction/actual/loss/probability — as a PNG grid; returns the file.</summary>
    public static string PlotTopLosses(this ClassificationInterpretation interp, string path, int k = 9, int cols = 3)
    {
        var top = interp.TopLosses(k);
        using var scope = NewDisposeScope();
        var images = new List<Tensor>();
        var captions = new List<string>();
        foreach (var (index, loss) in top)
        {
            using var item = interp.Dl.Dataset.GetBatch([index]);
            images.Add(item.X[0].clone());
            var predicted = interp.Decoded[index];
            captions.Add($"{interp.Vocab[(int)predicted]}/{interp.Vocab[(int)interp.Targets[index]]}\n{loss:F2} / {interp.Probs[index, predicted]:F2}");
        }
        return ImageGrid.Save(path, images, captions, cols);
    }

    private static Tensor Denormalize(TfmdDL dl, Tensor x)
    {
        var norm = dl.BatchTransforms.OfType<Normalize>().FirstOrDefault();
        if (norm is null) return x;
        var shape = new long[] { norm.Mean.Length, 1, 1 };
        return x.mul(tensor(norm.Std, dtype: x.dtype).reshape(shape)).add(tensor(norm.Mean, dtype: x.dtype).reshape(shape), ScalarScope.One);
    }

    private static string Label(IReadOnlyList<string> vocab, Tensor y) => y.dim() == 0
        ? vocab.ElementAtOrDefault((int)y.item<long>()) ?? y.item<long>().ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Join(";", Enumerable.Range(0, (int)y.shape[0]).Where(j => y[j].item<float>() > 0.5f).Select(j => vocab[j]));
}
