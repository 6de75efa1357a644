using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `text`.</summary>
internal sealed record TextOptions
{
    [Description("auto: Debian's R packages — Jane Austen's novels to pretrain on, the small_fine_foods reviews to classify; or a folder in the " +
        "IMDb layout: train/CLASS/*.txt, VALID/CLASS/*.txt and optionally unsup/*.txt")]
    public string Data { get; init; } = "auto";

    [Description("The folder of the data holding the texts to validate on")]
    public string Valid { get; init; } = "test";

    [Range(0, 1000)]
    [Description("Epochs of pretraining the language model on Austen's novels before fine-tuning (auto only; 0 starts from random weights)")]
    public int PretrainEpochs { get; init; } = 1;

    [Range(0, 1000)]
    [Description("Epochs of fine-tuning the language model on the texts, all layers, after one epoch of the new embeddings only")]
    public int LmEpochs { get; init; } = 6;

    [Range(0.0, 10.0, MinimumIsExclusive = true)]
    [Description("The learning rate of fine-tuning the language model (the book: 2e-3 for a model pretrained on all of Wikipedia)")]
    public double LmLr { get; init; } = 5e-3;

    [Range(1, 1000)]
    [Description("Epochs of the classifier's last stage (all layers), after one epoch each of the head, then two, then three layer groups")]
    public int ClasEpochs { get; init; } = 2;

    [Range(8, 4096)]
    [Description("The embedding size (fastai: 400)")]
    public int EmbSz { get; init; } = 96;

    [Range(8, 8192)]
    [Description("The LSTM's hidden size (fastai: 1152)")]
    public int NHid { get; init; } = 256;

    [Range(1, 8)]
    [Description("LSTM layers (fastai: 3)")]
    public int NLayers { get; init; } = 2;

    [Range(1, 4096)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    [Range(8, 4096)]
    [Description("Tokens read at a time (fastai's seq_len)")]
    public int SeqLen { get; init; } = 72;

    [Range(16, 1_000_000)]
    [Description("The largest vocabulary")]
    public int MaxVocab { get; init; } = 60_000;

    [Description("Where the cached data, the models and the export go")]
    public string Out { get; init; } = "runs/text";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";

    [Description("The seed of the splits, the weights and the dropouts")]
    public int Seed { get; init; } = 42;
}
