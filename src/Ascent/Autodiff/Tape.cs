using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>
/// A reverse-mode automatic-differentiation tape over float32 tensors, with forward-mode tangents.
/// </summary>
/// <remarks>
/// <para><b>Recording.</b> Every operation (<see cref="MatMul"/>, <see cref="Add"/>, <see cref="Tanh"/>, …)
/// computes its value at once and appends a node. <see cref="Backward(Var, Tensor?)"/> then walks the
/// nodes in reverse, accumulating gradients; parameters accumulate into <see cref="Parameter.Grad"/>.</para>
/// <para><b>Replay without allocation.</b> <see cref="Reset"/> rewinds the tape but keeps its nodes. When
/// the same sequence of operations is recorded again on inputs of the same shapes, every node, value,
/// gradient and scratch buffer is reused, so a training step allocates nothing after the first one.
/// A different operation at some position replaces the nodes from there on.</para>
/// <para><b>Forward mode.</b> <see cref="ForwardTangents"/> pushes the directions in
/// <see cref="Parameter.Tangent"/> (and input tangents) through the recorded nodes, giving Jacobian-vector
/// products <c>J·v</c> in <see cref="Var.Tangent"/>. Combined with <see cref="Backward(Var, Tensor?)"/>
/// seeded by a metric times that tangent, this gives Gauss–Newton / Fisher-vector products
/// <c>Jᵀ M J v</c> without double backward: that is how Ascent computes TRPO's Fisher-vector products.</para>
/// <para>A tape is not thread-safe; use one tape per thread.</para>
/// </remarks>
public sealed partial class Tape
{
    private readonly List<Var> _nodes = new();
    private int _count;

    /// <summary>When true, every forward value and every backward gradient is checked for NaN/±∞, and the
    /// first offending operation is named in a <see cref="NonFiniteException"/>. Off by default (it costs a pass over each tensor).</summary>
    public bool CheckFinite { get; set; }

    /// <summary>The number of nodes recorded since the last <see cref="Reset"/>.</summary>
    public int Count => _count;

    /// <summary>Rewinds the tape for a new pass; nodes and buffers are kept for reuse.</summary>
    public void Reset() => _count = 0;

    /// <summary>Records an input tensor (not copied). Set <paramref name="requiresGrad"/> to get its gradient in <see cref="Var.Grad"/>.</summary>
    public Var Input(Tensor value, bool requiresGrad = false, Tensor? tangent = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (tangent is not null) Tensor.CheckSameShape("Tape.Input(tangent)", value, tangent);
        var node = Next<InputVar>();
        node.Bind(value, requiresGrad, tangent);
        if (CheckFinite) CheckTensor(value, "Input", "value");
        return node;
    }

    /// <summary>Records a parameter; its gradient accumulates into <see cref="Parameter.Grad"/>.</summary>
    public Var Param(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var node = Next<ParameterVar>();
        node.Bind(parameter);
        return node;
    }

    /// <summary>Returns the node at the cursor if it has type <typeparamref name="T"/>, otherwise a new one (dropping the stale tail).</summary>
    internal T Next<T>() where T : Var, new()
    {
        if (_count < _nodes.Count && _nodes[_count].GetType() == typeof(T))
            return (T)_nodes[_count++];
        var node = new T { Tape = this, Index = _count };
        if (_count < _nodes.Count)
        {
            _nodes.RemoveRange(_count, _nodes.Count - _count);
        }
        _nodes.Add(node);
        _count++;
        return node;
    }

    /// <summary>Runs the node's forward computation and the optional finite check.</summary>
    internal T Run<T>(T node) where T : OpNode
    {
        node.Forward();
        if (CheckFinite) CheckTensor(node.Value, node.OpName, "forward value");
        return node;
    }

    internal void Own(Var v, string op)
    {
        if (!ReferenceEquals(v.Tape, this) || v.Index >= _count || !ReferenceEquals(_nodes[v.Index], v))
            throw new InvalidOperationException($"{op}: the operand was not recorded on this tape in the current pass (call ops on the tape that produced it, after Reset record it again).");
    }

    /// <summary>
    /// Back-propagates from <paramref name="root"/>: with no <paramref name="seed"/> the root must be a scalar
    /// (its gradient is 1); otherwise <paramref name="seed"/> (shaped like the root) is the vector in the
    /// vector-Jacobian product. Parameter gradients accumulate; other gradients are recomputed.
    /// </summary>
    public void Backward(Var root, Tensor? seed = null)
    {
        Own(root, "Tape.Backward");
        if (seed is null && root.Value.Size != 1)
            throw new ArgumentException($"Tape.Backward: the root {root.OpName}{root.Value.ShapeString} is not a scalar; pass a seed gradient of the same shape.");
        if (seed is not null) Tensor.CheckSameShape("Tape.Backward(seed)", root.Value, seed);
        if (!root.RequiresGrad) return;
        int last = root.Index;
        MarkOverwrittenGradients(last);
        for (int i = 0; i <= last; i++)
        {
            var n = _nodes[i];
            if (n.RequiresGrad) n.PrepareGrad();
        }
        if (seed is null) root.GradBuffer[0] += 1f;
        else
        {
            var g = root.GradBuffer.Span;
            var s = seed.Span;
            for (int i = 0; i < g.Length; i++) g[i] += s[i];
        }
        if (CheckFinite) CheckTensor(root.GradBuffer, root.OpName, "seed gradient");
        for (int i = last; i >= 0; i--)
        {
            if (_nodes[i] is OpNode op && op.RequiresGrad)
            {
                op.Backward();
                if (CheckFinite) CheckBackward(op);
            }
        }
    }

    /// <summary>
    /// The backward pass runs the ops from <paramref name="last"/> down, so a value's first gradient writer is its consumer
    /// with the highest index. Where that op writes instead of adding (<see cref="OpNode.CanOverwriteGradient"/>, e.g. a
    /// GEMM with β = 0 or a tanh's <c>g(1 − y²)</c>), the buffer needs no zeroing: mark it so.
    /// </summary>
    private void MarkOverwrittenGradients(int last)
    {
        for (int i = 0; i <= last; i++) { var n = _nodes[i]; n.WriterFound = false; n.OverwriteGrad = false; }
        for (int i = last; i >= 0; i--)
        {
            if (_nodes[i] is not OpNode op || !op.RequiresGrad) continue;
            for (int k = 0; k < op.InputCount; k++)
            {
                var input = op.InputAt(k);
                if (!input.RequiresGrad || input.WriterFound) continue;
                input.WriterFound = true;
                input.OverwriteGrad = input.GradMayBeOverwritten && op.CanOverwriteGradient(k);
            }
        }
    }

    /// <summary>Checks the gradients <paramref name="op"/> just passed back, naming it as the operation that produced a NaN/∞.</summary>
    private static void CheckBackward(OpNode op)
    {
        for (int k = 0; k < op.InputCount; k++)
        {
            var input = op.InputAt(k);
            if (input.RequiresGrad) CheckTensor(input.GradBuffer, op.OpName, $"backward pass produced a gradient for its operand {k} ({input.OpName}{input.Value.ShapeString}) that");
        }
    }

    /// <summary>
    /// Forward mode: computes <see cref="Var.Tangent"/> of every recorded node from the parameters'
    /// <see cref="Parameter.Tangent"/> and the inputs' tangents (null = zero direction).
    /// </summary>
    public void ForwardTangents()
    {
        for (int i = 0; i < _count; i++)
        {
            var n = _nodes[i];
            n.ComputeTangent();
        }
    }

    internal static void CheckTensor(Tensor t, string op, string what)
    {
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
            if (!float.IsFinite(s[i]))
                throw new NonFiniteException($"{op}: {what} is not finite ({s[i]} at flat index {i} of {t.ShapeString}).");
    }
}

/// <summary>Thrown when a NaN or infinity appears in a forward value, a gradient, a loss or an observation; the message names where.</summary>
public sealed class NonFiniteException : ArithmeticException
{
    /// <summary>Creates the exception with a message naming where the value appeared.</summary>
    public NonFiniteException(string message) : base(message) { }
}
