using Ascent.Autodiff;
using Ascent.Numerics;

namespace Ascent.Distributions;

/// <summary>
/// A batch of diagonal Gaussians <c>N(μᵣ, diag(σ²))</c> from a mean <c>[B, D]</c> and a log standard deviation
/// <c>[D]</c> (state-independent, as PPO's continuous policies) or <c>[B, D]</c> (state-dependent).
/// </summary>
/// <remarks>
/// <c>log π(a) = −½ Σᵢ ((aᵢ − μᵢ)/σᵢ)² − Σᵢ log σᵢ − (D/2) log 2π</c>; entropy <c>Σᵢ log σᵢ + (D/2)(1 + log 2π)</c>;
/// Fisher metric in <c>(μ, log σ)</c>: <c>1/σᵢ²</c> for each mean, 2 for each log-std, no cross terms.
/// Nothing is recorded on the tape until a method is called.
/// </remarks>
public readonly struct DiagGaussian : IDistribution<DiagGaussian>
{
    private static readonly float HalfLog2Pi = (float)(0.5 * Math.Log(2 * Math.PI));

    /// <summary>Creates the distributions; <paramref name="logStd"/> is <c>[D]</c> (shared by all rows) or <c>[B, D]</c>.</summary>
    public DiagGaussian(Var mean, Var logStd)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logStd);
        var m = mean.Value; var s = logStd.Value;
        if (m.Rank != 2) throw new ArgumentException($"DiagGaussian: the mean must be [B, D], got {m.ShapeString}.", nameof(mean));
        if (!(s.SameShape(m) || (s.Rank == 1 && s.Dim(0) == m.Dim(1))))
            throw new ShapeMismatchException("DiagGaussian", m.ShapeString, s.ShapeString, $"the log-std must be [{m.Dim(1)}] or {m.ShapeString}");
        Mean = mean; LogStd = logStd;
    }

    /// <summary>The means <c>[B, D]</c>.</summary>
    public Var Mean { get; }

    /// <summary>The log standard deviations, <c>[D]</c> or <c>[B, D]</c>.</summary>
    public Var LogStd { get; }

    /// <summary>Whether the log-std is one <c>[D]</c> vector shared by every row.</summary>
    public bool SharedLogStd => LogStd.Value.Rank == 1;

    /// <inheritdoc />
    public int BatchSize => Mean.Value.Dim(0);

    /// <inheritdoc />
    public int ActionSize => Mean.Value.Dim(1);

    private Tape Tape => Mean.Tape;

    /// <summary>Σᵢ log σᵢ per row as <c>[B]</c>.</summary>
    private Var SumLogStd()
    {
        var t = Tape;
        return SharedLogStd ? t.RepeatRows(t.Sum(LogStd), BatchSize) : t.Sum(LogStd, 1);
    }

    /// <summary><c>log π(aᵣ)</c> per row for actions <c>[B, D]</c>.</summary>
    public Var LogProb(Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (!actions.SameShape(Mean.Value)) throw new ShapeMismatchException("DiagGaussian.LogProb", Mean.Value.ShapeString, actions.ShapeString, "actions must be shaped like the mean");
        var t = Tape;
        var z = t.Mul(t.Sub(t.Input(actions), Mean), t.Exp(t.Neg(LogStd)));          // (a − μ)/σ
        var quadratic = t.MulScalar(t.Sum(t.Square(z), 1), -0.5f);
        return t.AddScalar(t.Sub(quadratic, SumLogStd()), -ActionSize * HalfLog2Pi);
    }

    /// <summary><c>H = Σᵢ log σᵢ + (D/2)(1 + log 2π)</c> per row, <c>[B]</c>.</summary>
    public Var Entropy() => Tape.AddScalar(SumLogStd(), ActionSize * (0.5f + HalfLog2Pi));

    /// <summary><c>KL(p ‖ q) = Σᵢ [log σqᵢ − log σpᵢ + (σpᵢ² + (μpᵢ − μqᵢ)²) / (2σqᵢ²) − ½]</c> per row, <c>[B]</c>.</summary>
    public Var Kl(DiagGaussian other)
    {
        if (!Mean.Value.SameShape(other.Mean.Value))
            throw new ShapeMismatchException("DiagGaussian.Kl", Mean.Value.ShapeString, other.Mean.Value.ShapeString);
        var t = Tape;
        var logRatio = t.Sub(other.LogStd, LogStd);                                  // log σq − log σp
        var varianceRatio = t.Exp(t.MulScalar(logRatio, -2f));                       // σp²/σq²
        var meanTerm = t.Mul(t.Square(t.Sub(Mean, other.Mean)), t.Exp(t.MulScalar(other.LogStd, -2f))); // (μp − μq)²/σq²
        var perDimension = t.Add(t.Add(meanTerm, varianceRatio), t.MulScalar(logRatio, 2f)); // every term doubled
        return t.AddScalar(t.MulScalar(t.Sum(perDimension, 1), 0.5f), -0.5f * ActionSize);
    }

    /// <summary>Draws <c>aᵣ = μᵣ + σᵣ ⊙ ε</c>, <c>ε ~ N(0, I)</c>, into <paramref name="actions"/> (<c>B × D</c> floats).</summary>
    public void Sample(Rng rng, Span<float> actions)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckBuffer("Sample", actions.Length);
        var mean = Mean.Value.Span; var logStd = LogStd.Value.Span;
        int d = ActionSize;
        for (int i = 0; i < actions.Length; i++)
            actions[i] = (float)(mean[i] + Math.Exp(logStd[SharedLogStd ? i % d : i]) * rng.Normal());
    }

    /// <summary>Writes the means (the most likely actions).</summary>
    public void Mode(Span<float> actions)
    {
        CheckBuffer("Mode", actions.Length);
        Mean.Value.Span.CopyTo(actions);
    }

    /// <inheritdoc />
    public int ParameterBlocks => 2;

    /// <inheritdoc />
    public Var ParameterBlock(int block) => block switch
    {
        0 => Mean,
        1 => LogStd,
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "DiagGaussian: parameter blocks are 0 (mean) and 1 (log-std)."),
    };

    /// <inheritdoc />
    /// <remarks>
    /// Mean: <c>t / (B σ²)</c>. Log-std: <c>2t / B</c> for <c>[B, D]</c>; for a shared <c>[D]</c> log-std every row sees the
    /// same parameter, so the batch mean of <c>B</c> identical terms is <c>2t</c>.
    /// </remarks>
    public void FisherMetricTimesTangent(int block, Span<float> seed)
    {
        var v = ParameterBlock(block);
        if (seed.Length != v.Value.Size) throw new ArgumentException($"DiagGaussian.FisherMetricTimesTangent: seed has {seed.Length} values, block {block} is {v.Value.ShapeString}.", nameof(seed));
        var tangent = v.Tangent;
        if (tangent is null) { seed.Clear(); return; }
        float invB = 1f / BatchSize;
        if (block == 1) { TensorPrimitives.Multiply(tangent.Span, SharedLogStd ? 2f : 2f * invB, seed); return; }
        var t = tangent.Span; var logStd = LogStd.Value.Span;
        int d = ActionSize;
        for (int i = 0; i < seed.Length; i++)
            seed[i] = t[i] * MathF.Exp(-2f * logStd[SharedLogStd ? i % d : i]) * invB;
    }

    private void CheckBuffer(string op, int length)
    {
        if (length != BatchSize * ActionSize)
            throw new ArgumentException($"DiagGaussian.{op}: the action buffer holds {length} floats, need {BatchSize} × {ActionSize}.");
    }
}
