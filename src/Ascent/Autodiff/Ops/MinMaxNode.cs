using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>
/// Element-wise <c>min(a, b)</c> or <c>max(a, b)</c> of two tensors of the same shape (PPO's pessimistic
/// minimum of the clipped and unclipped surrogates, and its clipped value loss).
/// </summary>
/// <remarks>
/// The gradient goes to the operand that was selected. <b>At a tie</b> (<c>a = b</c>) it is split evenly,
/// half to each operand (as PyTorch's <c>minimum</c>/<c>maximum</c>); the sum of the two halves is the
/// gradient of either branch whenever both branches have the same derivative, which is the case PPO hits
/// on its first epoch (ratio = 1, so both surrogates coincide). The tangent is the adjoint of the same rule:
/// the selected operand's tangent, or the average of both at a tie.
/// No broadcasting: the shapes must be equal.
/// </remarks>
internal sealed class MinMaxNode : OpNode
{
    private Var _a = null!, _b = null!;
    private bool _max;

    public override string OpName => _max ? "Maximum" : "Minimum";

    internal override int InputCount => 2;

    internal override Var InputAt(int i) => i == 0 ? _a : _b;

    internal void Bind(Var a, Var b, bool max)
    {
        _a = a; _b = b; _max = max;
        Tensor.CheckSameShape(OpName, a.Value, b.Value);
        EnsureValue(a.Value.Shape);
        RequiresGrad = a.RequiresGrad || b.RequiresGrad;
    }

    internal override void Forward()
    {
        if (_max) TensorPrimitives.Max(_a.Value.Span, _b.Value.Span, _value!.Span);
        else TensorPrimitives.Min(_a.Value.Span, _b.Value.Span, _value!.Span);
    }

    /// <summary>The share of the output's derivative that belongs to <c>a</c>: 1 if a was selected, ½ at a tie, 0 otherwise.</summary>
    private float WeightOfA(float a, float b) => a == b ? 0.5f : (_max ? (a > b ? 1f : 0f) : (a < b ? 1f : 0f));

    internal override void Backward()
    {
        var g = GradBuffer.Span; var a = _a.Value.Span; var b = _b.Value.Span;
        var ga = _a.RequiresGrad ? _a.GradBuffer.Span : default;
        var gb = _b.RequiresGrad ? _b.GradBuffer.Span : default;
        for (int i = 0; i < g.Length; i++)
        {
            float wa = WeightOfA(a[i], b[i]);
            if (!ga.IsEmpty) ga[i] += wa * g[i];
            if (!gb.IsEmpty) gb[i] += (1f - wa) * g[i];
        }
    }

    internal override void ComputeTangent()
    {
        var ta = TangentOf(_a); var tb = TangentOf(_b);
        if (ta is null && tb is null) { ClearTangent(); return; }
        var t = EnsureTangent().Span; var a = _a.Value.Span; var b = _b.Value.Span;
        for (int i = 0; i < t.Length; i++)
        {
            float wa = WeightOfA(a[i], b[i]);
            t[i] = (ta is null ? 0f : wa * ta[i]) + (tb is null ? 0f : (1f - wa) * tb[i]);
        }
    }
}

public sealed partial class Tape
{
    /// <summary>Element-wise minimum of two same-shape tensors; at a tie the gradient is split evenly between them.</summary>
    public Var Minimum(Var a, Var b) => MinMax(a, b, max: false);

    /// <summary>Element-wise maximum of two same-shape tensors; at a tie the gradient is split evenly between them.</summary>
    public Var Maximum(Var a, Var b) => MinMax(a, b, max: true);

    private Var MinMax(Var a, Var b, bool max)
    {
        string op = max ? "Maximum" : "Minimum";
        Own(a, op); Own(b, op);
        var node = Next<MinMaxNode>();
        node.Bind(a, b, max);
        return Run(node);
    }
}
