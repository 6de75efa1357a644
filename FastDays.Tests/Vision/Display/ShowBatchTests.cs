using FastDays.Data;
using FastDays.Tests.Support;
using FastDays.Vision.Data;
using FastDays.Vision.Display;
using FastDays.Vision.Transforms;
using SkiaSharp;

namespace FastDays.Tests.Vision.Display;

/// <summary>ShowBatch draws each block its way: an item of an image, a mask and a point goes through one DataBlock, and the grid shows the point (green)
/// on the marked pixels and the mask's colour over them.</summary>
public class ShowBatchTests
{
    /// <summary>An item: its image file, its mask file and its point.</summary>
    public sealed record Marked(string Image, string Mask, float[] Point);

    [Test]
    public void AMaskAndAPointAreDrawnWhereTheImageMarksThem()
    {
        using var dir = new TempDirectory();
        // 32 × 32 images, black with a white 8 × 8 block at (left, 8); the mask codes the block 1; the point is the block's centre.
        var rows = new List<Marked>();
        foreach (var left in new[] { 4, 20 })
        {
            foreach (var (name, color, type) in new[] { ("img", SKColors.White, SKColorType.Rgba8888), ("mask", new SKColor(1, 1, 1), SKColorType.Gray8) })
            {
                using var bitmap = new SKBitmap(new SKImageInfo(32, 32, type, SKAlphaType.Opaque));
                using (var canvas = new SKCanvas(bitmap))
                {
                    canvas.Clear(SKColors.Black);
                    using var paint = new SKPaint { Color = color };
                    canvas.DrawRect(left, 8, 8, 8, paint);
                }
                using var s = File.Create(dir.File($"{name}{left}.png"));
                bitmap.Encode(s, SKEncodedImageFormat.Png, 100);
            }
            rows.Add(new Marked(dir.File($"img{left}.png"), dir.File($"mask{left}.png"), [left + 4f, 12f]));
        }
        var block = new DataBlock<Marked>
        {
            Blocks = [new ImageBlock(), new MaskBlock(["background", "block"]), new PointBlock()],
            Getters = [r => r.Image, r => r.Mask, r => r.Point],
            Splitter = Splitters.IndexSplitter([1]),
            ItemTfms = [new Resize(16, ResizeMethod.Squish)],
            Name = r => r.Image,
        };
        var dls = block.Dataloaders(rows, bs: 1);
        var png = dls.ShowBatch(dir.File("batch.png"), cols: 1);
        using var grid = SKBitmap.Decode(png);
        // The single cell starts at (8, 8) and is 128 px: 8 grid pixels per image pixel after the squish to 16.
        static SKColor At(SKBitmap b, double x, double y) => b.GetPixel(8 + (int)(x * 8), 8 + (int)(y * 8));
        var point = At(grid, 4, 6);           // the block's centre in the 16 × 16 image: (4 + 4)/2, (8 + 4)/2
        Assert.That(point.Green, Is.GreaterThan(200), $"the point is drawn in green: {point}");
        Assert.That(point.Red, Is.LessThan(80), $"the point is drawn in green: {point}");
        var masked = At(grid, 2.5, 4.5);      // inside the block, away from the point: white image under a red mask
        Assert.That(masked.Red, Is.GreaterThan(200));
        Assert.That(masked.Green, Is.LessThan(masked.Red - 40), $"the mask's colour is over the block: {masked}");
        var background = At(grid, 12, 12);   // outside: black, no mask
        Assert.That(background.Red + background.Green + background.Blue, Is.LessThan(30), $"{background}");
    }
}
