using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Numerics;

namespace Ascent.Distributions;

/// <summary>
/// Fisher-vector products <c>F v</c> of a policy, for TRPO and the natural policy gradient, computed with one
/// forward-mode pass (a Jacobian-vector product) and one reverse-mode pass — no double backward.
/// </summary>
/// <remarks>
/// <para><b>What is computed.</b> Let <c>η(θ)</c> be the distribution parameters the policy outputs for a batch of
/// <c>B</c> states (logits, or mean and log-std), <c>J = ∂η/∂θ</c>, and <c>Mᵣ</c> the Fisher information of row
/// <c>r</c>'s distribution in its own parameters (<see cref="IDistribution.FisherMetricTimesTangent"/>). Then
/// <c>F v = Jᵀ M̄ J v + λ v</c> with <c>M̄ = (1/B) ⊕ᵣ Mᵣ</c> and damping <c>λ</c> (<see cref="Damping"/>):
/// <c>J v</c> by <see cref="Tape.ForwardTangents"/> with the parameters' tangents set to <c>v</c>; <c>M̄ (J v)</c> in
/// closed form; <c>Jᵀ(·)</c> by <see cref="Tape.Backward(Var, Tensor?)"/> of <c>Σₖ ⟨stop(M̄ J v)ₖ, ηₖ⟩</c>.</para>
/// <para><b>Why this is the Hessian of the mean KL.</b> Let <c>K(θ) = (1/B) Σᵣ KL(π_old(·|sᵣ) ‖ π_θ(·|sᵣ))</c> with
/// <c>π_old = π_θ_old</c>. By the chain rule, <c>∇²K = Jᵀ (∇²_η K) J + Σⱼ (∂K/∂ηⱼ) ∇²ηⱼ</c>. At <c>θ = θ_old</c> each KL
/// term is at its minimum (zero) as a function of <c>η</c>, so <c>∂K/∂η = 0</c> and the second term vanishes, however
/// curved the network is. And the Hessian of <c>KL(p_η_old ‖ p_η)</c> in <c>η</c> at <c>η_old</c> is the Fisher information
/// <c>E[∇_η log p ∇_η log pᵀ]</c> of the distribution — <c>diag(p) − ppᵀ</c> for logits, <c>1/σ²</c> for a Gaussian mean and
/// 2 for a log-std. Hence <c>∇²K(θ_old) = Jᵀ M̄ J</c>: the (Gauss–Newton form of the) Fisher matrix, positive semi-definite
/// by construction. It is evaluated at the parameters' current values, which are <c>θ_old</c> when TRPO calls it.</para>
/// <para>The parameters' gradients are left as they were (saved and restored around the product) and their tangents
/// are cleared afterwards. After the first call, a product with a same-shape batch allocates nothing.</para>
/// <para><b>Many products at one point.</b> Conjugate gradient takes all its products at the same θ. Between
/// <see cref="HoldAtCurrentParameters"/> and <see cref="Release"/> the policy is recorded once and every
/// <see cref="Apply"/> reuses that recording: only the tangent pass, the metric and the backward pass are repeated,
/// which saves the forward pass of each product (about a quarter of its cost). The parameters must not change while
/// the recording is held.</para>
/// </remarks>
/// <typeparam name="TDistribution">The policy's distribution type.</typeparam>
public sealed class FisherVectorProduct<TDistribution> where TDistribution : IDistribution
{
    private readonly ParameterSet _parameters;
    private readonly Func<Tape, TDistribution> _recordPolicy;
    private readonly Tape _tape = new();
    private readonly float[] _savedGradients;
    private Tensor[] _seeds = [];
    private float _damping;
    private bool _held;
    private TDistribution _distribution = default!;
    private Var? _contraction;

    /// <summary>Creates the product for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">θ: the parameters the policy's distributions depend on.</param>
    /// <param name="recordPolicy">Records the policy on the given tape for the batch of states of interest and returns its distributions.</param>
    /// <param name="damping">λ ≥ 0 added times <c>v</c> (TRPO's conjugate gradient commonly uses 0.1).</param>
    public FisherVectorProduct(ParameterSet parameters, Func<Tape, TDistribution> recordPolicy, float damping = 0f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(recordPolicy);
        if (parameters.Size == 0) throw new ArgumentException("FisherVectorProduct: the parameter set is empty.", nameof(parameters));
        _parameters = parameters;
        _recordPolicy = recordPolicy;
        _savedGradients = new float[parameters.Size];
        Damping = damping;
    }

    /// <summary>The damping λ ≥ 0.</summary>
    public float Damping
    {
        get => _damping;
        set
        {
            if (!(value >= 0f) || !float.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"FisherVectorProduct: damping = {value} is outside the allowed range [0, ∞).");
            _damping = value;
        }
    }

    /// <summary>The length of <c>v</c>: the number of parameter values.</summary>
    public int Size => _parameters.Size;

    /// <summary>Whether a recording is held (<see cref="HoldAtCurrentParameters"/>) for the products that follow.</summary>
    public bool IsHeld => _held;

    /// <summary>
    /// Records the policy at the current parameters once; until <see cref="Release"/>, every <see cref="Apply"/> reuses
    /// the recording instead of recording the policy again. The parameters must not change until then.
    /// </summary>
    public void HoldAtCurrentParameters()
    {
        Record();
        _held = true;
    }

    /// <summary>Drops the held recording: each <see cref="Apply"/> records the policy at the then current parameters again.</summary>
    public void Release() => _held = false;

    /// <summary>Writes <c>F v + λ v</c> into <paramref name="result"/> (both of length <see cref="Size"/>).</summary>
    public void Apply(ReadOnlySpan<float> v, Span<float> result)
    {
        if (v.Length != Size || result.Length != Size)
            throw new ArgumentException($"FisherVectorProduct.Apply: v has {v.Length} and result {result.Length} values; the parameters have {Size}.");
        _parameters.CopyGradientsTo(_savedGradients);
        _parameters.ZeroGrad();
        try
        {
            if (!_held) Record();
            _parameters.SetTangents(v);
            _tape.ForwardTangents();                                             // J v (and the contraction's unused tangents)
            for (int k = 0; k < _seeds.Length; k++)
                _distribution.FisherMetricTimesTangent(k, _seeds[k].Span);       // M̄ J v, read by the contraction's backward
            _tape.Backward(_contraction!);
            _parameters.CopyGradientsTo(result);
            if (_damping != 0f) TensorPrimitives.MultiplyAdd(v, _damping, result, result);
        }
        finally
        {
            _parameters.ClearTangents();
            _parameters.CopyGradientsFrom(_savedGradients);
        }
    }

    /// <summary>
    /// Records the policy's distributions η(θ) at the current parameters and the contraction <c>Σₖ ⟨sₖ, ηₖ⟩</c> with the
    /// seed tensors sₖ as constant inputs: its backward pass gives <c>Jᵀ s</c> for whatever the seeds hold then.
    /// </summary>
    private void Record()
    {
        _tape.Reset();
        _distribution = _recordPolicy(_tape);
        int blocks = _distribution.ParameterBlocks;
        if (_seeds.Length != blocks) _seeds = new Tensor[blocks];
        Var? contraction = null;
        for (int k = 0; k < blocks; k++)
        {
            var eta = _distribution.ParameterBlock(k);
            if (_seeds[k] is null || !_seeds[k].SameShape(eta.Value)) _seeds[k] = new Tensor(eta.Value.Shape.ToArray());
            var term = _tape.Sum(_tape.Mul(eta, _tape.Input(_seeds[k])));       // ⟨stop(M̄ J v)ₖ, ηₖ⟩
            contraction = contraction is null ? term : _tape.Add(contraction, term);
        }
        _contraction = contraction;
    }
}

/// <summary>Creates <see cref="FisherVectorProduct{TDistribution}"/>s with the distribution type inferred.</summary>
public static class FisherVectorProduct
{
    /// <summary>Creates the Fisher-vector product of the policy recorded by <paramref name="recordPolicy"/> over <paramref name="parameters"/>.</summary>
    public static FisherVectorProduct<TDistribution> Create<TDistribution>(ParameterSet parameters, Func<Tape, TDistribution> recordPolicy, float damping = 0f)
        where TDistribution : IDistribution => new(parameters, recordPolicy, damping);
}
