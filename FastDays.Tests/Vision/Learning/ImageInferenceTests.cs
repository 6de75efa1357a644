using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Tests.Support;
using FastDays.Vision.Data;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;
using SkiaSharp;

namespace FastDays.Tests.Vision.Learning;

/// <summary>An export carries the blocks and the validation transforms: a file predicted through LoadLearner gives what the learner predicts for it,
/// decoded by the target block, with no resizing by the caller.</summary>
public class ImageInferenceTests
{
    /// <summary>Images of 30 × 24 with a white square at a known place; labels: which half it is in, the quadrants it touches, its centre.</summary>
    private static (TempDirectory Dir, List<IReadOnlyDictionary<string, string>> Rows) Squares()
    {
        var dir = new TempDirectory();
        var rng = new Random(3);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 0; i < 24; i++)
        {
            var (x, y) = (rng.Next(0, 24), rng.Next(0, 18));
            using (var bitmap = new SKBitmap(new SKImageInfo(30, 24, SKColorType.Rgba8888, SKAlphaType.Opaque)))
            {
                using (var canvas = new SKCanvas(bitmap))
                {
                    canvas.Clear(SKColors.Black);
                    using var paint = new SKPaint { Color = SKColors.White };
                    canvas.DrawRect(x, y, 6, 6, paint);
                }
                using var s = File.Create(dir.File($"{i}.png"));
                bitmap.Encode(s, SKEncodedImageFormat.Png, 100);
            }
            var quadrants = new[] { x < 15 ? "left" : "right", y < 12 ? "top" : "bottom" };
            rows.Add(new Dictionary<string, string>
            {
                ["fname"] = $"{i}.png", ["half"] = quadrants[0], ["labels"] = string.Join(' ', quadrants),
                ["x"] = FormattableString.Invariant($"{x + 3}"), ["y"] = FormattableString.Invariant($"{y + 3}"),
            });
        }
        return (dir, rows);
    }

    [TestCase("category")]
    [TestCase("multi")]
    [TestCase("points")]
    public void AFileIsPredictedThroughTheExportAsTheLearnerPredictsIt(string task)
    {
        var (dir, rows) = Squares();
        using (dir)
        {
            TransformBlock target = task switch { "category" => new CategoryBlock(), "multi" => new MultiCategoryBlock(), _ => new PointBlock() };
            var block = new DataBlock<IReadOnlyDictionary<string, string>>
            {
                Blocks = [new ImageBlock(), target],
                GetX = r => dir.File(r["fname"]),
                GetY = r => task switch
                {
                    "category" => r["half"],
                    "multi" => r["labels"].Split(' '),
                    _ => new[] { float.Parse(r["x"], System.Globalization.CultureInfo.InvariantCulture),
                        float.Parse(r["y"], System.Globalization.CultureInfo.InvariantCulture) },
                },
                Splitter = Splitters.EndSplitter(0.25),
                ItemTfms = [new Resize(20, ResizeMethod.Squish)],
                BatchTfms = Augmentation.AugTransforms(new AugOptions { Size = 16 }, Normalize.ImageNet()),
            };
            var dls = block.Dataloaders(rows, bs: 6);
            var learn = VisionLearners.VisionLearner(dls, VisionArch.SimpleCnn(8, 16), path: dir.Path);
            var expected = task switch { "category" => typeof(CrossEntropyLossFlat), "multi" => typeof(BceWithLogitsLossFlat), _ => typeof(MseLossFlat) };
            Assert.That(learn.LossFunc, Is.TypeOf(expected));
            learn.Fit(1, 1e-3);
            var file = dir.File("23.png");
            var fromLearner = learn.Predict(file);
            var export = ExportExtensions.LoadLearner(learn.Export());
            var fromExport = export.Predict(file);
            Assert.That(fromExport.Outputs, Is.EqualTo(fromLearner.Outputs).Within(1e-5));
            Assert.That(fromExport.Text, Is.EqualTo(fromLearner.Text));
            Assert.That(export.ItemShape, Is.EqualTo(new long[] { 3, 16, 16 }));
            switch (task)
            {
                case "category":
                    Assert.That(fromExport.Decoded, Is.AnyOf("left", "right"));
                    Assert.That(fromExport.Index, Is.EqualTo(Array.IndexOf(["left", "right"], fromExport.Decoded)));
                    break;
                case "multi":
                    Assert.That((string[])fromExport.Decoded, Is.SubsetOf(new[] { "bottom", "left", "right", "top" }));
                    break;
                default:
                    Assert.That(fromExport.Decoded, Is.TypeOf<float[]>().And.Length.EqualTo(2));
                    Assert.That(fromExport.Text, Does.Match(@"^\([-0-9.]+, [-0-9.]+\)$"));
                    break;
            }
            var testDl = dls.TestDl([dir.File("0.png"), file]);
            var (preds, targets) = learn.GetPreds(testDl);
            using (preds)
            using (targets)
                Assert.That(preds[1].data<float>().ToArray(), Is.EqualTo(fromLearner.Outputs).Within(1e-5), "TestDl batches new items as Predict does");
            export.Model.Dispose();
            if (task != "category") return;

            // The export goes on training (fastai's load_learner then fine_tune): its weights to start from, its body/head groups to freeze.
            var again = VisionLearners.LoadLearner(dir.File("export.fastdays"), dls);
            Assert.That(again.Predict(file).Outputs, Is.EqualTo(fromLearner.Outputs).Within(1e-5), "it starts from the exported weights");
            var before = again.Validate()["valid_loss"];
            again.FineTune(2, baseLr: 1e-2, lrMult: 1);
            Assert.That(again.Recorder.Values, Has.Count.EqualTo(2), "after the frozen epoch, the two of the unfrozen fit");
            Assert.That(again.Recorder.Last("valid_loss"), Is.Not.EqualTo(before), "the weights moved");
            Assert.That(ExportExtensions.LoadLearner(again.Export("again.fastdays")).Predict(file).Outputs,
                Is.EqualTo(again.Predict(file).Outputs).Within(1e-5), "and export again");
        }
    }
}
