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
        var leaves = learn.Model.named_modules().Where(m => !m.module.children().Any() && m.module is nn.Module<Tensor, Tensor>)
            .Select(m => (m.name, Layer: (nn.Module<Tensor, Tensor>)m.module)).ToList();
        var names = leaves.ToDictionary(l => (nn.Module)l.Layer, l => l.name, (IEqualityComparer<nn.Module>)ReferenceEqualityComparer.Instance);
        // Each leaf adds its row when it runs, so shared modules and the order of calls show as the forward pass makes them.
        using (var hooks = new Callbacks.Hooks(leaves.Select(l => l.Layer), (m, _, output) =>
        {
            var ps = m.parameters().ToList();
            rows.Add((names[m], m.GetType().Name, $"{Formats.Shape(output)}", ps.Sum(p => p.numel()), ps.Count == 0 || ps.Any(p => p.requires_grad)));
            return null;
        }))
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
