using System.Text;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>fastai's summary: each layer with its output shape and parameter count, from a forward pass of one batch.</summary>
public static class SummaryExtensions
{
    /// <summary>Describes the model layer by layer (output shape, parameters, trainable or not) using one training batch.</summary>
    public static string Summary(this Learner learn)
    {
        var rows = new List<(string Name, string Type, string Shape, long Params, bool Trainable)>();
        var hooks = new List<Action>();
        foreach (var (name, module) in learn.Model.named_modules())
        {
            if (module.children().Any() || module is not nn.Module<Tensor, Tensor> layer) continue;
            var ps = module.parameters().ToList();
            var count = ps.Sum(p => p.numel());
            var trainable = ps.Count == 0 || ps.Any(p => p.requires_grad);
            var remover = layer.register_forward_hook((m, input, output) =>
            {
                rows.Add((name, m.GetType().Name, $"{Formats.Shape(output)}", count, trainable));
                return output;
            });
            hooks.Add(remover.remove);
        }
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var batch = learn.Dls.OneBatch();
            scope.Attach([batch.X, batch.Y]);
            var wasTraining = learn.Model.training;
            learn.Model.eval();
            learn.Model.forward(batch.X.is_floating_point() ? batch.X.to_type(learn.ComputeDtype()) : batch.X);
            if (wasTraining) learn.Model.train();
        }
        finally { foreach (var remove in hooks) remove(); }
        var sb = new StringBuilder();
        sb.AppendLine($"{learn.Model.GetType().Name} (input [{string.Join(", ", learn.Dls.Train.OneBatchShape())}])");
        sb.AppendLine($"{"Layer",-28}{"Type",-18}{"Output shape",-22}{"Param #",12}  Trainable");
        sb.AppendLine(new string('=', 92));
        foreach (var r in rows)
            sb.AppendLine($"{r.Name,-28}{r.Type,-18}{r.Shape,-22}{r.Params,12:N0}  {(r.Params == 0 ? "" : r.Trainable ? "True" : "False")}");
        sb.AppendLine(new string('=', 92));
        var all = learn.Model.parameters().ToList();
        sb.AppendLine($"Total params: {all.Sum(p => p.numel()):N0}");
        sb.AppendLine($"Total trainable params: {all.Where(p => p.requires_grad).Sum(p => p.numel()):N0}");
        sb.AppendLine($"Total non-trainable params: {all.Where(p => !p.requires_grad).Sum(p => p.numel()):N0}");
        sb.AppendLine($"Optimizer: {learn.Opt?.GetType().Name ?? "(not created yet)"}, loss: {learn.LossFunc.GetType().Name}");
        return sb.ToString();
    }

    private static long[] OneBatchShape(this Data.TfmdDL dl)
    {
        using var batch = dl.OneBatch();
        return batch.X.shape;
    }
}
