using System.Globalization;
using System.Text;

namespace FastDays.Foundations;

/// <summary>A number that remembers how it was computed: a node of a computation graph with a backward pass by the chain rule (a tape-based
/// autograd of one scalar per node, to see what TorchSharp's autograd does for tensors).</summary>
public sealed class Value
{
    private readonly Action<Value> _backward;
    private static int _counter;

    private Value(double data, string label, string op, Value[] inputs, Action<Value> backward)
    {
        (Data, Label, Op, Inputs, _backward) = (data, label, op, inputs, backward);
        Id = Interlocked.Increment(ref _counter);
    }

    /// <summary>A leaf: an input or a parameter, named for printing.</summary>
    public Value(double data, string label = "") : this(data, label, "", [], _ => { }) { }

    /// <summary>The number computed by the forward pass.</summary>
    public double Data { get; }

    /// <summary>dOutput/dThis after Backward (0 before).</summary>
    public double Grad { get; set; }

    /// <summary>The node's name in printouts (u, v, J …); empty for unnamed intermediate values.</summary>
    public string Label { get; set; }

    /// <summary>The operation that made this node (+, *, tanh, σ, log …), empty for a leaf.</summary>
    public string Op { get; }

    /// <summary>The nodes this one was computed from.</summary>
    public IReadOnlyList<Value> Inputs { get; }

    private int Id { get; }

    /// <summary>a + b; both partial derivatives are 1.</summary>
    public static Value operator +(Value a, Value b) => new(a.Data + b.Data, "", "+", [a, b], o => { a.Grad += o.Grad; b.Grad += o.Grad; });

    /// <summary>a + k.</summary>
    public static Value operator +(Value a, double k) => a + new Value(k, Name(k));

    /// <summary>k + a.</summary>
    public static Value operator +(double k, Value a) => new Value(k, Name(k)) + a;

    /// <summary>a · b; ∂/∂a = b, ∂/∂b = a.</summary>
    public static Value operator *(Value a, Value b) => new(a.Data * b.Data, "", "*", [a, b], o => { a.Grad += b.Data * o.Grad; b.Grad += a.Data * o.Grad; });

    /// <summary>a · k.</summary>
    public static Value operator *(Value a, double k) => a * new Value(k, Name(k));

    /// <summary>k · a.</summary>
    public static Value operator *(double k, Value a) => new Value(k, Name(k)) * a;

    /// <summary>−a.</summary>
    public static Value operator -(Value a) => a * -1;

    /// <summary>a − b.</summary>
    public static Value operator -(Value a, Value b) => a + -b;

    /// <summary>k − a.</summary>
    public static Value operator -(double k, Value a) => k + -a;

    /// <summary>a − k.</summary>
    public static Value operator -(Value a, double k) => a + -k;

    /// <summary>The sigmoid σ(a) = 1 / (1 + e^−a); its derivative is σ(a)(1 − σ(a)).</summary>
    public Value Sigmoid()
    {
        var s = Data >= 0 ? 1 / (1 + Math.Exp(-Data)) : Math.Exp(Data) / (1 + Math.Exp(Data));
        return new Value(s, "", "σ", [this], o => Grad += s * (1 - s) * o.Grad);
    }

    /// <summary>tanh(a); its derivative is 1 − tanh²(a).</summary>
    public Value Tanh()
    {
        var t = Math.Tanh(Data);
        return new Value(t, "", "tanh", [this], o => Grad += (1 - t * t) * o.Grad);
    }

    /// <summary>The natural logarithm; its derivative is 1/a.</summary>
    public Value Log() => Data > 0 ? new Value(Math.Log(Data), "", "log", [this], o => Grad += o.Grad / Data)
        : throw new ArgumentOutOfRangeException(nameof(Data), Data, "log of a number that is not positive");

    /// <summary>e^a; its derivative is e^a.</summary>
    public Value Exp()
    {
        var e = Math.Exp(Data);
        return new Value(e, "", "exp", [this], o => Grad += e * o.Grad);
    }

    /// <summary>Names this node (for printing) and returns it, so that a formula reads u = (b * c).As("u").</summary>
    public Value As(string label)
    {
        Label = label;
        return this;
    }

    /// <summary>The nodes this one depends on, inputs before the nodes computed from them (a topological order), this one last.</summary>
    public IReadOnlyList<Value> Graph()
    {
        var order = new List<Value>();
        var seen = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Value Node, bool Expanded)>();
        stack.Push((this, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded) { order.Add(node); continue; }
            if (!seen.Add(node)) continue;
            stack.Push((node, true));
            foreach (var input in node.Inputs.Reverse()) if (!seen.Contains(input)) stack.Push((input, false));
        }
        return order;
    }

    /// <summary>Backpropagation: dThis/dThis = 1, then each node, from this one back to the inputs, hands its gradient to its inputs by the chain
    /// rule (gradients add up where a node feeds several others). Gradients are reset first.</summary>
    public void Backward()
    {
        var order = Graph();
        foreach (var node in order) node.Grad = 0;
        Grad = 1;
        for (var i = order.Count - 1; i >= 0; i--) order[i]._backward(order[i]);
    }

    /// <summary>The graph in Graphviz's dot language: a box per value (label, data, grad) and a circle per operation.</summary>
    public string ToDot()
    {
        var dot = new StringBuilder("digraph computation {\n  rankdir=LR;\n");
        foreach (var node in Graph())
        {
            dot.Append(CultureInfo.InvariantCulture,
                $"  v{node.Id} [shape=record, label=\"{Escape(node.Label)} | data {node.Data:G6} | grad {node.Grad:G6}\"];\n");
            if (node.Op.Length == 0) continue;
            dot.Append(CultureInfo.InvariantCulture, $"  op{node.Id} [shape=circle, label=\"{Escape(node.Op)}\"];\n  op{node.Id} -> v{node.Id};\n");
            foreach (var input in node.Inputs) dot.Append(CultureInfo.InvariantCulture, $"  v{input.Id} -> op{node.Id};\n");
        }
        return dot.Append("}\n").ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Label.Length > 0 ? Label + " = " : "")}{Describe()} = {Data:G6} (grad {Grad:G6})");

    /// <summary>How the node was computed: its operation applied to its inputs' names (or values), or its value for a leaf.</summary>
    public string Describe() => Op switch
    {
        "" => Data.ToString("G6", CultureInfo.InvariantCulture),
        "+" or "*" => $"{Short(Inputs[0])} {Op} {Short(Inputs[1])}",
        _ => $"{Op}({Short(Inputs[0])})",
    };

    private static string Short(Value v) => v.Label.Length > 0 ? v.Label : $"({v.Describe()})";

    private static string Name(double k) => k.ToString("G6", CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("\"", "\\\"", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("<", "\\<", StringComparison.Ordinal).Replace(">", "\\>", StringComparison.Ordinal);
}
