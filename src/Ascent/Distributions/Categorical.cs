using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Distributions;

/// <summary>
/// A batch of categorical distributions over <c>C</c> actions from unnormalised logits <c>[B, C]</c>:
/// <c>π(a) = softmax(logits)ₐ</c>.
/// </summary>
/// <remarks>
/// Creating it records <c>LogSoftmax(logits)</c> on the logits' tape (once; log-prob, entropy and KL reuse it).
/// Fisher metric in the logits: <c>diag(p) − ppᵀ</c> per row (the Hessian of <c>KL(p‖softmax(z))</c> in <c>z</c>).
/// </remarks>
public readonly struct Categorical : IDistribution<Categorical>
{
    /// <summary>Creates the distributions from logits of shape <c>[B, C]</c>.</summary>
    public Categorical(Var logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Value.Rank != 2 || logits.Value.Dim(1) < 1)
            throw new ArgumentException($"Categorical: logits must be [B, C] with C ≥ 1, got {logits.Value.ShapeString}.", nameof(logits));
        Logits = logits;
        LogProbabilities = logits.Tape.LogSoftmax(logits);
    }

    /// <summary>The logits <c>[B, C]</c>.</summary>
    public Var Logits { get; }

    /// <summary><c>log π(a)</c> for every action, <c>[B, C]</c>.</summary>
    public Var LogProbabilities { get; }

    /// <summary>The number of actions <c>C</c>.</summary>
    public int Actions => Logits.Value.Dim(1);

    /// <inheritdoc />
    public int BatchSize => Logits.Value.Dim(0);

    /// <inheritdoc />
    public int ActionSize => 1;

    private Tape Tape => Logits.Tape;

    /// <summary><c>log π(aᵣ)</c> for actions given as a float <c>[B]</c> (or <c>[B, 1]</c>) tensor of whole numbers in <c>[0, C)</c>.</summary>
    public Var LogProb(Tensor actions) => Tape.Gather(LogProbabilities, actions);

    /// <summary><c>log π(aᵣ)</c> for integer actions in <c>[0, C)</c>.</summary>
    public Var LogProb(ReadOnlySpan<int> actions) => Tape.Gather(LogProbabilities, actions);

    /// <summary><c>H = −Σₐ π(a) log π(a)</c> per row, <c>[B]</c>.</summary>
    public Var Entropy()
    {
        var t = Tape;
        var p = t.Exp(LogProbabilities);
        return t.Neg(t.Sum(t.Mul(p, LogProbabilities), 1));
    }

    /// <summary><c>KL(this ‖ other) = Σₐ p(a) (log p(a) − log q(a))</c> per row, <c>[B]</c>.</summary>
    public Var Kl(Categorical other)
    {
        if (!Logits.Value.SameShape(other.Logits.Value))
            throw new ShapeMismatchException("Categorical.Kl", Logits.Value.ShapeString, other.Logits.Value.ShapeString);
        var t = Tape;
        var p = t.Exp(LogProbabilities);
        return t.Sum(t.Mul(p, t.Sub(LogProbabilities, other.LogProbabilities)), 1);
    }

    /// <summary>Draws <c>aᵣ ~ π(·|r)</c> for each row (inverse CDF in double precision, one uniform per row).</summary>
    public void Sample(Rng rng, Span<float> actions)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckBuffer("Sample", actions.Length);
        var logp = LogProbabilities.Value;
        int c = Actions;
        for (int r = 0; r < actions.Length; r++)
        {
            var row = logp.Row(r);
            double total = 0;
            for (int j = 0; j < c; j++) total += Math.Exp(row[j]);
            double u = rng.NextDouble() * total, cumulative = 0;
            int chosen = -1;
            for (int j = 0; j < c; j++)
            {
                double pj = Math.Exp(row[j]);
                if (pj <= 0) continue;
                cumulative += pj;
                chosen = j;
                if (u < cumulative) break;
            }
            actions[r] = chosen;
        }
    }

    /// <summary>Writes <c>argmaxₐ π(a)</c> per row (the first on ties).</summary>
    public void Mode(Span<float> actions)
    {
        CheckBuffer("Mode", actions.Length);
        var logits = Logits.Value;
        for (int r = 0; r < actions.Length; r++) actions[r] = TensorPrimitives.IndexOfMax(logits.Row(r));
    }

    /// <inheritdoc />
    public int ParameterBlocks => 1;

    /// <inheritdoc />
    public Var ParameterBlock(int block) => block == 0 ? Logits
        : throw new ArgumentOutOfRangeException(nameof(block), block, "Categorical: the only parameter block is 0 (the logits).");

    /// <inheritdoc />
    public void FisherMetricTimesTangent(int block, Span<float> seed)
    {
        ParameterBlock(block);
        var logp = LogProbabilities.Value;
        if (seed.Length != logp.Size) throw new ArgumentException($"Categorical.FisherMetricTimesTangent: seed has {seed.Length} values, the logits {logp.ShapeString}.", nameof(seed));
        var tangent = Logits.Tangent;
        if (tangent is null) { seed.Clear(); return; }
        int c = Actions; float scale = 1f / BatchSize;
        for (int r = 0; r < BatchSize; r++)
        {
            var lr = logp.Row(r); var tr = tangent.Row(r); var sr = seed.Slice(r * c, c);
            TensorPrimitives.Exp(lr, sr);                                // p
            float mean = TensorPrimitives.Dot<float>(sr, tr);             // ⟨p, t⟩
            for (int j = 0; j < c; j++) sr[j] = scale * sr[j] * (tr[j] - mean); // (diag(p) − ppᵀ) t / B
        }
    }

    private void CheckBuffer(string op, int length)
    {
        if (length != BatchSize)
            throw new ArgumentException($"Categorical.{op}: the action buffer holds {length} floats, need {BatchSize} (one per row).");
    }
}
