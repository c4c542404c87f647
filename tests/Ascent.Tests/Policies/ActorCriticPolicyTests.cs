using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Tests.Policies;

/// <summary>The actor-critic networks: both paths agree, the initialisation is PPO's, parameter sets split as documented.</summary>
public class ActorCriticPolicyTests
{
    private static readonly Box Observations4 = new(-10f, 10f, 4);
    private static readonly Discrete ThreeActions = new(3);
    private static readonly Box TwoTorques = new(-2f, 2f, 2);

    public static TheoryData<bool, bool> Kinds => new() { { true, false }, { true, true }, { false, false }, { false, true } };

    private static ActorCriticPolicy Make(bool categorical, bool shared, ulong seed = 1, float logStd = -0.5f) =>
        new(Observations4, categorical ? ThreeActions : TwoTorques,
            new ActorCriticArchitecture { SharedTrunk = shared, PolicyHidden = [16, 8], ValueHidden = [16, 8], LogStdInit = logStd }, new Rng(seed));

    private static float[] RandomObservations(int batch, ulong seed)
    {
        var x = new float[batch * 4];
        new Rng(seed).Normal(x);
        return x;
    }

    /// <summary>Gives the heads non-trivial outputs (the 0.01 policy-head gain makes initial logits nearly equal).</summary>
    private static void Perturb(ActorCriticPolicy policy, ulong seed)
    {
        var rng = new Rng(seed);
        foreach (var p in policy.Parameters)
            for (int i = 0; i < p.Size; i++) p.Value.Span[i] += 0.3f * (float)rng.Normal();
    }

    [Theory, MemberData(nameof(Kinds))]
    public void TapeFreeActing_AgreesWithTheRecordedDistributionAndCritic(bool categorical, bool shared)
    {
        const int batch = 7;
        var policy = Make(categorical, shared);
        Perturb(policy, 5);
        var obs = RandomObservations(batch, 2);
        var actions = new float[batch * policy.ActionSize];
        var logProbs = new float[batch];
        var values = new float[batch];
        policy.ActAndEvaluate(obs, batch, actions, logProbs, values, new Rng(3));

        var tape = new Tape();
        var x = tape.Input(new Tensor(obs, batch, 4));
        var (dist, v) = policy.ForwardWithValues(tape, x);
        var recorded = dist.LogProb(categorical ? new Tensor(actions, batch) : new Tensor(actions, batch, 2)).Value;
        for (int r = 0; r < batch; r++)
        {
            Assert.Equal(recorded[r], logProbs[r], 1e-5);
            Assert.Equal(v.Value[r], values[r], 1e-6);
        }
        var criticOnly = new float[batch];
        policy.ValueFunction.Predict(obs, batch, criticOnly);
        Assert.Equal(values, criticOnly);
        tape.Reset();
        var valueVar = policy.ValueFunction.Forward(tape, tape.Input(new Tensor(obs, batch, 4)));
        Assert.Equal([batch], valueVar.Value.Shape.ToArray());
    }

    [Theory, MemberData(nameof(Kinds))]
    public void DeterministicActing_TakesTheMode(bool categorical, bool shared)
    {
        const int batch = 5;
        var policy = Make(categorical, shared);
        Perturb(policy, 9);
        var obs = RandomObservations(batch, 4);
        var actions = new float[batch * policy.ActionSize];
        policy.Act(obs, batch, actions, [], null);
        var tape = new Tape();
        var mode = new float[actions.Length];
        policy.Forward(tape, tape.Input(new Tensor(obs, batch, 4))).Mode(mode);
        Assert.Equal(mode, actions);
    }

    [Fact]
    public void CategoricalSampling_FollowsTheProbabilities()
    {
        var policy = Make(categorical: true, shared: false);
        Perturb(policy, 11);
        var obs = RandomObservations(1, 6);
        var tape = new Tape();
        var p = tape.Exp(policy.Forward(tape, tape.Input(new Tensor(obs, 1, 4))).Categorical.LogProbabilities).Value;
        var counts = new int[3];
        var rng = new Rng(12);
        var action = new float[1];
        const int draws = 40_000;
        for (int i = 0; i < draws; i++) { policy.Act(obs, 1, action, [], rng); counts[(int)action[0]]++; }
        for (int j = 0; j < 3; j++)
        {
            double se = Math.Sqrt(p[j] * (1 - p[j]) / draws);
            Assert.InRange(counts[j] / (double)draws, p[j] - 5 * se, p[j] + 5 * se);
        }
    }

    [Fact]
    public void GaussianSampling_HasTheHeadsMeanAndTheLogStdSpread()
    {
        var policy = Make(categorical: false, shared: true, logStd: -1f);
        var obs = RandomObservations(1, 8);
        var mean = new float[2];
        policy.Act(obs, 1, mean, [], null);
        var rng = new Rng(13);
        var a = new float[2];
        const int draws = 20_000;
        double sum = 0, squares = 0;
        for (int i = 0; i < draws; i++) { policy.Act(obs, 1, a, [], rng); sum += a[1]; squares += (a[1] - mean[1]) * (a[1] - mean[1]); }
        Assert.Equal(mean[1], sum / draws, 0.01);
        Assert.Equal(Math.Exp(-1), Math.Sqrt(squares / draws), 0.01);
    }

    [Fact]
    public void Initialisation_IsPpos_OrthogonalWithHeadGainsZeroBiasesAndLogStd()
    {
        var policy = new ActorCriticPolicy(Observations4, TwoTorques, new ActorCriticArchitecture { LogStdInit = -2f }, new Rng(1));
        var p = policy.Parameters;
        Assert.Equal(["pi.0.weight", "pi.0.bias", "pi.1.weight", "pi.1.bias", "pi_head.0.weight", "pi_head.0.bias", "log_std",
            "vf.0.weight", "vf.0.bias", "vf.1.weight", "vf.1.bias", "vf_head.0.weight", "vf_head.0.bias"], p.Select(q => q.Name));
        Assert.Equal(Math.Sqrt(2), ColumnNorm(p["pi.1.weight"].Value, 0), 1e-5);       // 64×64 hidden: gain √2
        Assert.Equal(0.01, ColumnNorm(p["pi_head.0.weight"].Value, 1), 1e-6);          // policy head: 0.01
        Assert.Equal(1.0, ColumnNorm(p["vf_head.0.weight"].Value, 0), 1e-5);           // value head: 1
        foreach (var bias in p.Where(q => q.Name.EndsWith(".bias", StringComparison.Ordinal)))
            Assert.All(bias.Value.Data, b => Assert.Equal(0f, b));
        Assert.All(policy.LogStd!.Value.Data, s => Assert.Equal(-2f, s));
        Assert.Equal(policy.Parameters.Size, policy.ActorParameters.Size + policy.CriticParameters.Size);
    }

    [Fact]
    public void WithoutOrthogonalInit_WeightsAndBiasesAreUniformInFanInBounds()
    {
        var policy = new ActorCriticPolicy(Observations4, ThreeActions, new ActorCriticArchitecture { OrthogonalInit = false }, new Rng(2));
        var w = policy.Parameters["pi.1.weight"].Value.Data;
        var b = policy.Parameters["pi.1.bias"].Value.Data;
        Assert.All(w.Concat(b), v => Assert.InRange(v, -0.125f, 0.125f));           // fan-in 64
        Assert.InRange(w.Select(v => (double)v * v).Average(), 0.8 * 0.125 * 0.125 / 3, 1.2 * 0.125 * 0.125 / 3);
        Assert.Contains(b, v => v != 0f);
    }

    [Fact]
    public void SharedTrunk_BelongsToBothTheActorAndTheCritic()
    {
        var policy = Make(categorical: true, shared: true);
        Assert.Contains(policy.ActorParameters, q => q.Name == "trunk.0.weight");
        Assert.Contains(policy.CriticParameters, q => q.Name == "trunk.0.weight");
        Assert.DoesNotContain(policy.ActorParameters, q => q.Name.StartsWith("vf_head", StringComparison.Ordinal));
        Assert.Equal(policy.Parameters.Count, policy.ActorParameters.Count + policy.CriticParameters.Count - 4);
        Assert.Equal(policy.Parameters.Count, policy.Parameters.Select(q => q.Name).Distinct().Count());
        Assert.Same(policy.CriticParameters, policy.ValueFunction.Parameters);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void ACombinedLoss_ReachesEveryParameter(bool categorical, bool shared)
    {
        const int batch = 6;
        var policy = Make(categorical, shared);
        var obs = RandomObservations(batch, 3);
        var actions = new float[batch * policy.ActionSize];
        policy.Act(obs, batch, actions, [], new Rng(4));
        var tape = new Tape();
        var (dist, v) = policy.ForwardWithValues(tape, tape.Input(new Tensor(obs, batch, 4)));
        var logp = dist.LogProb(categorical ? new Tensor(actions, batch) : new Tensor(actions, batch, 2));
        var loss = tape.Mean(tape.Add(tape.Add(logp, tape.Square(v)), dist.Entropy()));
        policy.Parameters.ZeroGrad();
        tape.Backward(loss);
        foreach (var p in policy.Parameters)
            Assert.True(p.Grad.Data.Any(g => g != 0f), $"{p.Name} received no gradient");
    }

    [Fact]
    public void BadInput_IsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new ActorCriticPolicy(Observations4, new MultiDiscrete([2, 3]), null, new Rng(1)));
        Assert.Contains("Discrete (categorical policy) or Box", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ActorCriticPolicy(Observations4, ThreeActions,
            new ActorCriticArchitecture { SharedTrunk = true, PolicyHidden = [64], ValueHidden = [32] }, new Rng(1)));
        Assert.Contains("same widths", e.Message);
        var policy = Make(true, false);
        e = Assert.Throws<ArgumentException>(() => policy.Act(new float[7], 2, new float[2], [], null));
        Assert.Contains("7 observation values", e.Message);
    }

    [Fact]
    public void Acting_AllocatesNothing_AfterTheFirstCall()
    {
        var policy = Make(categorical: false, shared: true);
        var obs = RandomObservations(8, 1);
        var actions = new float[16]; var logProbs = new float[8]; var values = new float[8];
        var rng = new Rng(1);
        policy.ActAndEvaluate(obs, 8, actions, logProbs, values, rng);
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 100; i++) policy.ActAndEvaluate(obs, 8, actions, logProbs, values, rng); }));
    }

    private static double ColumnNorm(Tensor w, int column)
    {
        double s = 0;
        for (int r = 0; r < w.Dim(0); r++) s += (double)w[r, column] * w[r, column];
        return Math.Sqrt(s);
    }

    private static ActorCriticPolicy GsdePolicy(ulong seed = 1) =>
        new(Observations4, TwoTorques, new ActorCriticArchitecture { PolicyHidden = [16, 8], ValueHidden = [16], StateDependentNoise = true, LogStdInit = -1f }, new Rng(seed));

    [Fact]
    public void Gsde_LogStdIsAMatrixOverTheLatentFeatures()
    {
        var policy = GsdePolicy();
        Assert.True(policy.UsesStateDependentNoise);
        Assert.Equal(8, policy.LatentSize);
        Assert.Equal([8, 2], policy.LogStd!.Value.Shape.ToArray());
    }

    [Fact]
    public void Gsde_TapeFreeActing_AgreesWithTheRecordedDistribution()
    {
        const int batch = 6;
        var policy = GsdePolicy();
        Perturb(policy, 3);
        var obs = RandomObservations(batch, 4);
        var actions = new float[batch * 2]; var logProbs = new float[batch]; var values = new float[batch];
        var rng = new Rng(5);
        policy.ResetNoise(batch, rng);
        policy.ActAndEvaluate(obs, batch, actions, logProbs, values, rng);
        var tape = new Tape();
        var (dist, v) = policy.ForwardWithValues(tape, tape.Input(new Tensor(obs, batch, 4)));
        var recorded = dist.LogProb(new Tensor(actions, batch, 2)).Value;
        for (int r = 0; r < batch; r++)
        {
            Assert.Equal(recorded[r], logProbs[r], 1e-4);
            Assert.Equal(v.Value[r], values[r], 1e-6);
        }
        Assert.False(dist.Gaussian.SharedLogStd);                       // one σ per row: it depends on the state
    }

    [Fact]
    public void Gsde_NoiseIsFixedUntilReset_AndHasTheStateDependentVariance()
    {
        var policy = GsdePolicy(2);
        var obs = RandomObservations(1, 7);
        var mean = new float[2]; var a = new float[2]; var b = new float[2];
        policy.Act(obs, 1, mean, [], null);
        var rng = new Rng(9);
        policy.ResetNoise(1, rng);
        policy.Act(obs, 1, a, [], rng);
        policy.Act(obs, 1, b, [], rng);
        Assert.Equal(a, b);                                             // same exploration matrix, same state: same action
        policy.ResetNoise(1, rng);
        policy.Act(obs, 1, b, [], rng);
        Assert.NotEqual(a, b);

        var tape = new Tape();
        var sigma = tape.Exp(policy.Forward(tape, tape.Input(new Tensor(obs, 1, 4))).Gaussian.LogStd).Value;   // [1, 2]
        const int draws = 20_000;
        var sum = new double[2]; var squares = new double[2];
        for (int k = 0; k < draws; k++)
        {
            policy.ResetNoise(1, rng);
            policy.Act(obs, 1, a, [], rng);
            for (int j = 0; j < 2; j++) { double e = a[j] - mean[j]; sum[j] += e; squares[j] += e * e; }
        }
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(0, sum[j] / draws, 4 * sigma[0, j] / Math.Sqrt(draws));
            Assert.Equal(sigma[0, j], Math.Sqrt(squares[j] / draws), 0.03 * sigma[0, j]);
        }
    }

    [Fact]
    public void Gsde_IsRejectedForDiscreteActions_AndExportsAStateDependentHead()
    {
        var e = Assert.Throws<ArgumentException>(() => new ActorCriticPolicy(Observations4, ThreeActions, new ActorCriticArchitecture { StateDependentNoise = true }, new Rng(1)));
        Assert.Contains("needs a continuous (Box) action space", e.Message);
        var policy = GsdePolicy();
        var head = Assert.IsType<Ascent.Io.Onnx.OnnxGaussianHead>(policy.DescribeForOnnx().Head);
        Assert.True(head.IsStateDependent);
        Assert.Equal(policy.LatentSize, head.LatentSize);
        Assert.Equal(policy.LogStd!.Value.Span.ToArray(), head.LogStd.ToArray());
        Assert.Equal("gaussian_sde", head.Kind);
    }

    [Fact]
    public void Gsde_ActingAllocatesNothing_AfterTheFirstReset()
    {
        var policy = GsdePolicy();
        var obs = RandomObservations(8, 1);
        var actions = new float[16]; var logProbs = new float[8]; var values = new float[8];
        var rng = new Rng(1);
        policy.ResetNoise(8, rng);
        policy.ActAndEvaluate(obs, 8, actions, logProbs, values, rng);
        Assert.Equal(0, AllocationProbe.Steady(() => { for (int i = 0; i < 50; i++) { policy.ResetNoise(8, rng); policy.ActAndEvaluate(obs, 8, actions, logProbs, values, rng); } }));
    }
}
