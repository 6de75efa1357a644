using FastDays.Datasets;
using static TorchSharp.torch;

namespace FastDays.Foundations;

/// <summary>A two-class Fashion-MNIST task prepared for logistic regression: flattened, standardised, examples as columns.</summary>
public sealed class BinaryFashionTask : IDisposable
{
    private BinaryFashionTask(int negativeClass, int positiveClass, Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, double mean, double std)
    {
        NegativeClass = negativeClass;
        PositiveClass = positiveClass;
        XTrain = xTrain;
        YTrain = yTrain;
        XTest = xTest;
        YTest = yTest;
        Mean = mean;
        Std = std;
    }

    /// <summary>The Fashion-MNIST label that becomes y = 0.</summary>
    public int NegativeClass { get; }

    /// <summary>The Fashion-MNIST label that becomes y = 1.</summary>
    public int PositiveClass { get; }

    /// <summary>The training images, shape (784, m_train): one standardised flattened image per column.</summary>
    public Tensor XTrain { get; }

    /// <summary>The training labels, shape (1, m_train), 1 for <see cref="PositiveClass"/>.</summary>
    public Tensor YTrain { get; }

    /// <summary>The test images, shape (784, m_test), standardised with the training statistics.</summary>
    public Tensor XTest { get; }

    /// <summary>The test labels, shape (1, m_test).</summary>
    public Tensor YTest { get; }

    /// <summary>The mean pixel value (in [0, 1]) of the training images, subtracted from every pixel.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation of the training pixels (in [0, 1]), by which every pixel is divided.</summary>
    public double Std { get; }

    /// <summary>The number of features n (pixels per image).</summary>
    public long Features => XTrain.shape[0];

    /// <summary>A one-line description such as "Shirt (y=1) vs T-shirt/top (y=0): 12000 train / 2000 test".</summary>
    public string Describe() =>
        $"{FashionMnist.Classes[PositiveClass]} (y=1) vs {FashionMnist.Classes[NegativeClass]} (y=0): " +
        $"{XTrain.shape[1]} train / {XTest.shape[1]} test examples of {Features} features";

    /// <summary>Keeps the two classes, flattens each image to a column, scales to [0, 1] and standardises with the training mean and std.</summary>
    public static BinaryFashionTask Create(FashionMnistData data, int negativeClass, int positiveClass, ScalarType dtype = ScalarType.Float64)
    {
        ArgumentNullException.ThrowIfNull(data);
        var classes = FashionMnist.Classes.Count;
        if (negativeClass < 0 || negativeClass >= classes || positiveClass < 0 || positiveClass >= classes)
            throw new ArgumentOutOfRangeException(nameof(positiveClass), $"classes must be labels 0..{classes - 1}, got {negativeClass} and {positiveClass}");
        if (negativeClass == positiveClass) throw new ArgumentException($"the two classes must differ, got {negativeClass} twice");

        using var scope = NewDisposeScope();
        var (xTrain, yTrain) = Select(data.Train, negativeClass, positiveClass, dtype, "training");
        var (xTest, yTest) = Select(data.Test, negativeClass, positiveClass, dtype, "test");
        var mean = xTrain.mean().to_type(ScalarType.Float64).item<double>();
        var std = xTrain.std().to_type(ScalarType.Float64).item<double>();
        using var s = new ScalarScope();
        var task = new BinaryFashionTask(negativeClass, positiveClass,
            xTrain.sub(s.Of(mean)).div(s.Of(std)).DetachFromDisposeScope(), yTrain.DetachFromDisposeScope(),
            xTest.sub(s.Of(mean)).div(s.Of(std)).DetachFromDisposeScope(), yTest.DetachFromDisposeScope(), mean, std);
        return task;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        XTrain.Dispose();
        YTrain.Dispose();
        XTest.Dispose();
        YTest.Dispose();
    }

    private static (Tensor X, Tensor Y) Select(LabelledImages images, int negativeClass, int positiveClass, ScalarType dtype, string split)
    {
        var indices = Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == negativeClass || images.Labels[i] == positiveClass).ToArray();
        if (!indices.Any(i => images.Labels[i] == negativeClass) || !indices.Any(i => images.Labels[i] == positiveClass))
            throw new InvalidDataException($"the {split} set has no examples of class {negativeClass} or {positiveClass}");
        var subset = images.Subset(indices);
        var pixels = subset.ImagesTensor(dtype);                       // (m, 1, 28, 28) in [0, 1]
        var x = pixels.reshape(subset.Count, -1).t().contiguous();     // (784, m): one image per column
        var y = tensor(subset.Labels.Select(l => l == positiveClass ? 1.0 : 0.0).ToArray(), [1, subset.Count], dtype: dtype);   // (1, m)
        return (x, y);
    }
}
