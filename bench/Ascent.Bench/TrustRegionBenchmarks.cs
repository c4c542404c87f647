using Ascent.Algorithms;
using Ascent.Algorithms.TrustRegion;
using Ascent.Distributions;
using Ascent.Environments.Spaces;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Rollouts;
using BenchmarkDotNet.Attributes;

namespace Ascent.Bench;

/// <summary>
/// The parts of one TRPO iteration with RL Zoo's CartPole-v1 settings (a segment of 2 × 512 transitions, separate
/// 64-64 tanh actor and critic): a Fisher-vector product recorded afresh and on a held recording, the whole policy
/// step (15 conjugate-gradient products and the line search) with the Fisher matrix on all states or on 10% of them,
/// and one epoch of the critic's regression (two minibatches of 512). Allocation counts must be zero.
/// </summary>
[MemoryDiagnoser]
public class TrustRegionBenchmarks
{
    private const int Rows = 1024;
    private ActorCriticPolicy _policy = null!;
    private FisherVectorProduct<ActionDistribution> _fresh = null!, _held = null!;
    private TrustRegionUpdate _update = null!;
    private TrustRegionBatch _batch, _subsampled;
    private CriticRegression _critic = null!;
    private RolloutBuffer _buffer = null!;
    private float[] _start = [], _v = [], _result = [];

    /// <summary>Builds the policy, a segment with sampled actions and random advantages and returns, and the updates.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _policy = new ActorCriticPolicy(new Box(-5f, 5f, 4), new Discrete(2), null, rng);
        _buffer = new RolloutBuffer(Rows, 1, 4, 1);
        rng.Normal(_buffer.Observations.Span);
        _policy.Act(_buffer.Observations.Span, Rows, _buffer.Actions.Span, _buffer.LogProbs.Span, rng);
        rng.Normal(_buffer.Advantages.Span);
        rng.Normal(_buffer.Returns.Span);
        var fisherStates = new Tensor(_buffer.Observations.Span[..(Rows / 10 * 4)].ToArray(), Rows / 10, 4);
        _batch = new TrustRegionBatch(_buffer.Observations, _buffer.Actions, _buffer.Advantages, _buffer.LogProbs);
        _subsampled = new TrustRegionBatch(_buffer.Observations, _buffer.Actions, _buffer.Advantages, _buffer.LogProbs, fisherStates);
        var actor = _policy.ActorParameters;
        _fresh = FisherVectorProduct.Create(actor, t => _policy.Forward(t, t.Input(_buffer.Observations)), 1e-3f);
        _held = FisherVectorProduct.Create(actor, t => _policy.Forward(t, t.Input(_buffer.Observations)), 1e-3f);
        _held.HoldAtCurrentParameters();
        _update = new TrustRegionUpdate(_policy, new TrustRegionOptions { CgDamping = 1e-3 }, actor);
        _critic = new CriticRegression(_policy, Rows, 512, 1e-3f, new Rng(2));
        _start = new float[actor.Size];
        actor.CopyValuesTo(_start);
        _v = new float[actor.Size];
        rng.Normal(_v);
        _result = new float[actor.Size];
        _update.Step(_batch);
        _update.Step(_subsampled);
    }

    /// <summary>F v, recording the actor on the 1024 states first (what each product did before the recording was held).</summary>
    [Benchmark(Baseline = true)]
    public void FisherProductRecorded() => _fresh.Apply(_v, _result);

    /// <summary>F v on a held recording: tangents, metric and backward pass only.</summary>
    [Benchmark]
    public void FisherProductHeld() => _held.Apply(_v, _result);

    /// <summary>One TRPO policy step from the same θ_old: g, 15 products, β, the line search.</summary>
    [Benchmark]
    public void PolicyStep()
    {
        _policy.ActorParameters.CopyValuesFrom(_start);
        _update.Step(_batch);
    }

    /// <summary>The policy step with the Fisher matrix on 10% of the states (the TRPO paper's sub-sample).</summary>
    [Benchmark]
    public void PolicyStepFisherOnATenth()
    {
        _policy.ActorParameters.CopyValuesFrom(_start);
        _update.Step(_subsampled);
    }

    /// <summary>One epoch of the critic's regression: two Adam steps on minibatches of 512.</summary>
    [Benchmark]
    public void CriticEpoch() => _critic.Fit(_buffer, 1);
}
