using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Vision.Data;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;
using FastDaysVision;
using static TorchSharp.torch;

// An image classifier of your own on FastDays (made by `dotnet new fastdays-vision`).
//   dotnet run -- [--data FOLDER] [--pretrained resnet18.pth] [--epochs 2] [--max-batches N]
// FOLDER holds train/ and valid/, each with one subfolder of images per class; without --data a small synthetic set of
// circles and squares is written under data/.
var options = Options.Parse(args);
manual_seed(42);

// 1. The data, described as fastai's DataBlock: image files, labelled by their folder, split by train/ and valid/; images resized to
//    72 pixels, then augmented to 64 and normalised like ImageNet on the device. Summary prints what each step does (run it when a
//    pipeline breaks).
var folder = options.Data ?? SyntheticImages.Write("data", perClass: 48);
var dblock = new DataBlock<string>
{
    Blocks = [new ImageBlock(), new CategoryBlock()],
    GetItems = ImageDataLoaders.GetImageFiles,
    GetY = Labellers.ParentLabel,
    Splitter = Splitters.GrandparentSplitter(train: "train", valid: "valid"),
    ItemTfms = [new Resize(72)],                                                                  // (3, 72, 72) uint8
    BatchTfms = Augmentation.AugTransforms(new AugOptions { Size = 64, MinScale = 0.75, Seed = 42 }, Normalize.ImageNet()),
};
var dls = dblock.Dataloaders(folder, bs: 16);                                                     // (16, 3, 64, 64) float
Console.WriteLine($"classes: {string.Join(", ", dls.Vocab)}; {dls.Train.Dataset.Count} training and {dls.Valid.Dataset.Count} validation images");

// 2. Our own Learner: ResNet-18 with PyTorch weights when --pretrained is given, else a small CNN; fastai's head; a loss of our own
//    (ConfidencePenaltyLearner overrides DoLoss), and fastai's MixUp callback blending the training images.
var arch = options.Pretrained is null ? VisionArch.SimpleCnn(16, 32, 64, 128) : VisionArch.ResNet18;
var model = VisionLearners.CreateVisionModel(arch, dls.Vocab.Count, options.Pretrained);
var learn = new ConfidencePenaltyLearner(dls, model, arch, cbs: [new MixUp(0.4), new EpochLogger(), new MaxBatches(options.MaxBatches)])
{
    Spec = VisionLearners.Spec(arch, dls.Vocab.Count),   // what Export records so that LoadLearner can rebuild the model
};
if (options.Pretrained is not null) learn.Freeze();

// 3. Fine-tune: one epoch of the head alone, then everything with discriminative learning rates.
learn.FineTune(options.Epochs, baseLr: 2e-3, lrMult: options.Pretrained is null ? 1 : 100);

// 4. Export, load the export as an application would, and predict one validation image.
var export = learn.Export();
var inference = ExportExtensions.LoadLearner(export);
var file = ImageDataLoaders.GetImageFiles(Path.Combine(folder, "valid")).First();
var prediction = inference.Predict(file);        // the export's own Resize and normalisation: no resizing here
Console.WriteLine($"export: {export}");
Console.WriteLine($"prediction: {file} is {prediction.Text} ({prediction.Outputs.Max():P1})");
