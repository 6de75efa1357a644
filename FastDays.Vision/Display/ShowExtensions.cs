using FastDays.Data;
using FastDays.Interpret;
using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Vision.Display;

/// <summary>fastai's show_batch and plot_top_losses, written to PNG files.</summary>
public static class ShowExtensions
{
    /// <summary>A training batch after all its transforms (denormalised for display), each part drawn its block's way — class names and label sets as
    /// captions, points on the image, masks over it — as a PNG grid (fastai's show_batch); returns the file.</summary>
    public static string ShowBatch(this DataLoaders dls, string path, int maxN = 16, int cols = 4)
    {
        ArgumentNullException.ThrowIfNull(dls);
        using var scope = NewDisposeScope();   // the item views, denormalised copies and labels read below
        using var batch = dls.Train.OneBatch();
        var n = (int)Math.Min(maxN, batch.Size);
        var imageIndex = batch.IndicesOf(TensorType.Image) is [var first, ..] ? first : 0;
        var images = Enumerable.Range(0, n).Select(i => Denormalize(dls.Train, batch.Parts[imageIndex][i])).ToList();
        var size = (images[0].shape[^2], images[0].shape[^1]);
        var captions = new List<string>();
        var overlays = new List<ImageOverlay?>();
        for (var i = 0; i < n; i++)
        {
            var (caption, overlay) = (new List<string>(), new ImageOverlay());
            for (var p = 0; p < batch.Parts.Count; p++)
            {
                if (p == imageIndex) continue;
                var part = batch.Parts[p][i];
                if (ReferenceEquals(batch.Types[p], TensorType.Points) && dls.Blocks.ElementAtOrDefault(p) is { } points)
                    overlay = overlay with { Points = (float[])points.Decode(part, size) };
                else if (ReferenceEquals(batch.Types[p], TensorType.Mask)) overlay = overlay with { Mask = part };
                else caption.Add(dls.Blocks.ElementAtOrDefault(p) is { } block ? block.Show(block.Decode(part, size)) : Label(dls.Vocab, part));
            }
            captions.Add(string.Join("\n", caption));
            overlays.Add(overlay);
        }
        return ImageGrid.Save(path, images, captions, cols, overlays: overlays);
    }

    /// <summary>Validation items with the model's predictions beside their targets (fastai's show_results): "predicted/actual" captions for classes
    /// and label sets, predicted (red) and actual (green) points on the image; returns the file.</summary>
    public static string ShowResults(this Learner learn, string path, int maxN = 9, int cols = 3)
    {
        ArgumentNullException.ThrowIfNull(learn);
        var target = learn.Dls.TargetBlock ?? throw new InvalidOperationException("ShowResults needs loaders made by a DataBlock");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        learn.Dls.Device = learn.Device;
        using var batch = learn.Dls.Valid.OneBatch();
        var training = learn.Model.training;
        learn.Model.eval();
        var x = batch.X.is_floating_point() ? batch.X.to_type(learn.ComputeDtype()) : batch.X;
        var output = FastDays.Modules.QuietForward.Run(learn.Model, x).to_type(ScalarType.Float32).cpu();
        if (training) learn.Model.train();
        var decoded = learn.LossFunc.Decodes(learn.LossFunc.Activation(output));
        var n = (int)Math.Min(maxN, batch.Size);
        var images = Enumerable.Range(0, n).Select(i => Denormalize(learn.Dls.Valid, batch.X[i].cpu())).ToList();
        var size = (images[0].shape[^2], images[0].shape[^1]);
        var y = batch.Y.cpu();
        if (ReferenceEquals(target.Type, TensorType.Mask)) return MaskResults(path, images, y, decoded, target, cols);
        var captions = new List<string>();
        var overlays = new List<ImageOverlay?>();
        for (var i = 0; i < n; i++)
        {
            var (predicted, actual) = (target.Decode(decoded[i], size), target.Decode(y[i], size));
            if (ReferenceEquals(target.Type, TensorType.Points))
            {
                var (p, a) = ((float[])predicted, (float[])actual);
                var error = Enumerable.Range(0, p.Length / 2)
                    .Average(k => Math.Sqrt(Math.Pow(p[2 * k] - a[2 * k], 2) + Math.Pow(p[2 * k + 1] - a[2 * k + 1], 2)));
                captions.Add(FormattableString.Invariant($"error {error:F1} px"));
                overlays.Add(new ImageOverlay(a, p));
            }
            else
            {
                captions.Add($"{target.Show(predicted)}\n{target.Show(actual)}");
                overlays.Add(null);
            }
        }
        return ImageGrid.Save(path, images, captions, cols, overlays: overlays);
    }

    // Each item twice, side by side: its target mask over it, then the predicted one, captioned with the pixel accuracy (void pixels left out).
    private static string MaskResults(string path, List<Tensor> images, Tensor targets, Tensor predicted, TransformBlock target, int cols)
    {
        var voidCode = (target as Data.MaskBlock)?.VoidCode;
        using var scalars = new ScalarScope();
        var (cells, captions, overlays) = (new List<Tensor>(), new List<string>(), new List<ImageOverlay?>());
        for (var i = 0; i < images.Count; i++)
        {
            var (actual, guess) = (targets[i], predicted[i]);
            var counted = voidCode is { } v ? actual.ne(scalars.Of(v)) : ones_like(actual, ScalarType.Bool);
            var accuracy = guess.eq(actual).logical_and(counted).sum().item<long>() / (double)Math.Max(1, counted.sum().item<long>());
            cells.AddRange([images[i], images[i]]);
            captions.AddRange(["target", FormattableString.Invariant($"prediction ({accuracy:P0} of pixels)")]);
            overlays.AddRange([new ImageOverlay(Mask: actual), new ImageOverlay(Mask: guess)]);
        }
        return ImageGrid.Save(path, cells, captions, Math.Max(2, cols / 2 * 2), overlays: overlays);
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

    private static Tensor Denormalize(TfmdDL dl, Tensor x) => dl.BatchTransforms.OfType<Normalize>().FirstOrDefault()?.Decode(x) ?? x;

    private static string Label(IReadOnlyList<string> vocab, Tensor y) => y.dim() == 0
        ? vocab.ElementAtOrDefault((int)y.item<long>()) ?? y.item<long>().ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Join(";", Enumerable.Range(0, (int)y.shape[0]).Where(j => y[j].item<float>() > 0.5f).Select(j => vocab[j]));
}
