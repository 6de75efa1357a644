namespace FastDays.Vision.Learning;

/// <summary>fastai's unet_config: how DynamicUnet builds its decoder.</summary>
public sealed record UnetOptions
{
    /// <summary>Whether the UnetBlocks' upsampling is blurred (fastai's blur).</summary>
    public bool Blur { get; init; }

    /// <summary>Whether the last UnetBlock's upsampling is blurred too when Blur is set.</summary>
    public bool BlurFinal { get; init; } = true;

    /// <summary>Whether the third UnetBlock from the end has self-attention.</summary>
    public bool SelfAttention { get; init; }

    /// <summary>A SigmoidRange on the output (for regression maps), or null.</summary>
    public (double Low, double High)? YRange { get; init; }

    /// <summary>Whether the input is concatenated before the last residual block.</summary>
    public bool LastCross { get; init; } = true;

    /// <summary>Whether that residual block halves its channels inside.</summary>
    public bool Bottle { get; init; }
}
