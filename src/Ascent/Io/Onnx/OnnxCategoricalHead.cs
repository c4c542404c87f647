namespace Ascent.Io.Onnx;

/// <summary>
/// A categorical policy head, <c>π(a|s) = softmax(logits(s))</c>: the graph outputs <c>logits</c> <c>[batch, Actions]</c>
/// and the deterministic action <c>action = Start + argmax(logits)</c> as int64 <c>[batch]</c>, ties going to the
/// lowest index as in <see cref="Distributions.Categorical.Mode"/>.
/// </summary>
public sealed class OnnxCategoricalHead : OnnxPolicyHead
{
    /// <summary>Creates the head.</summary>
    /// <param name="actions">The number of actions (at least 1).</param>
    /// <param name="start">Added to the argmax index: the first action of a <c>Discrete(n, start)</c> space (default 0).</param>
    public OnnxCategoricalHead(int actions, long start = 0)
    {
        if (actions < 1) throw new ArgumentOutOfRangeException(nameof(actions), actions, "OnnxCategoricalHead: actions must be at least 1.");
        Actions = actions;
        Start = start;
    }

    /// <summary>The number of actions (logits).</summary>
    public int Actions { get; }

    /// <summary>The action the index 0 stands for.</summary>
    public long Start { get; }

    /// <inheritdoc />
    public override int Width => Actions;

    /// <inheritdoc />
    public override string Kind => "categorical";
}
