using System.Text.Json;
using FastDays.Interop;
using FastDays.Modules;
using FastDays.Tests.Support;
using FastDays.Vision.Interpret;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Interpret;

/// <summary>CAM and Grad-CAM against the book's chapter 18 computation in PyTorch (Fixtures/make_cam.py) on the same weights and image.</summary>
[NeedsPyTorch]
public sealed class ActivationMapsTests
{
    private static readonly Lazy<string> Folder = new(() => PythonFixtures.Generate("make_cam.py"));

    private static Tensor Expected(JsonElement root, string name)
    {
        var e = root.GetProperty(name);
        float[] values = [.. e.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble())];
        long[] shape = [.. e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
        return tensor(values, shape);
    }

    // The fixture's network, laid out as PyTorch's state dict names it: body 0 (conv, bn, relu twice), head 1 (pool, flatten, linear).
    private static TorchSharp.Modules.Sequential Model()
    {
        var body = nn.Sequential(("0", nn.Conv2d(3, 8, 3, stride: 2, padding: 1, bias: false)), ("1", new BatchNormLayer(8)), ("2", nn.ReLU()),
            ("3", nn.Conv2d(8, 16, 3, stride: 2, padding: 1, bias: false)), ("4", new BatchNormLayer(16)), ("5", nn.ReLU()));
        var head = nn.Sequential(("0", nn.AdaptiveAvgPool2d(1)), ("1", nn.Flatten()), ("2", nn.Linear(16, 4, hasBias: false)));
        var model = nn.Sequential(("0", body), ("1", head));
        model.LoadPyTorchWeights(Path.Combine(Folder.Value, "cam_model.pt"));
        return model;
    }

    [Test]
    public void CamAndGradCamEqualPyTorchsOnTheSameWeightsAndImage()
    {
        using var scope = NewDisposeScope();
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder.Value, "cam_expected.json"))).RootElement;
        var model = Model();
        model.train();   // the maps are computed in eval mode whatever mode the model is in
        var x = Expected(root, "x");
        var children = model.children().Cast<TorchSharp.Modules.Sequential>().ToList();
        var (body, head) = (children[0], children[1]);
        var linear = head.children().OfType<TorchSharp.Modules.Linear>().Single();

        var cam = ActivationMaps.Cam(body, linear.weight!, x);
        Assert.That(cam.shape, Is.EqualTo(new long[] { 4, 8, 8 }));
        Assert.That(cam.allclose(Expected(root, "cam"), rtol: 1e-4, atol: 1e-5), "CAM: one map per class");

        var layer = (nn.Module<Tensor, Tensor>)body.children().Last();
        var gradCam = ActivationMaps.GradCam(model, layer, x, 2);
        Assert.That(gradCam.allclose(Expected(root, "gradcam"), rtol: 1e-4, atol: 1e-6), "Grad-CAM of class 2 at the second block");
        Assert.That(model.training, "the model is back in the mode it was in");
        Assert.That(model.parameters().All(p => p.grad is null || p.grad.abs().sum().item<float>() == 0), "no gradient is left on the weights");
        model.eval();
        Assert.That(model.forward(x).allclose(Expected(root, "output"), rtol: 1e-4, atol: 1e-5), "the same network");
    }

    [Test]
    public void CamRefusesAHeadWhoseLastLinearLayerDoesNotTakeTheBodysChannels()
    {
        using var scope = NewDisposeScope();
        var body = nn.Sequential(("0", nn.Conv2d(3, 8, 3)));
        Assert.That(() => ActivationMaps.Cam(body, randn(4, 16), randn(1, 3, 10, 10)), Throws.ArgumentException.With.Message.Contains("(classes, 8)"));
    }
}
