using Ascent.Algorithms;
using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Tests.Algorithms;

/// <summary>When the rollout's log π_θold can stand in for the tape's re-evaluation: exactly when the probe says so.</summary>
public class OldPolicyTests
{
    [Theory]
    [InlineData(2, false, 64, Activation.Tanh, 4, 128, true)]       // CleanRL's CartPole settings
    [InlineData(2, false, 64, Activation.Tanh, 8, 256, true)]
    [InlineData(3, true, 37, Activation.Tanh, 1, 64, false)]        // a one-row GEMM tile sums in another order
    [InlineData(5, false, 9, Activation.Relu, 2, 100, null)]
    [InlineData(2, false, 0, Activation.Tanh, 3, 50, null)]
    public void TheProbe_TellsWhetherActingGivesTheTapesLogProbs_BitForBit(int actions, bool shared, int hidden, Activation activation,
        int numEnvs, int batch, bool? expected)
    {
        int[] layers = hidden == 0 ? [] : [hidden, hidden];
        var policy = new ActorCriticPolicy(new Box(-10f, 10f, 4), new Discrete(actions),
            new ActorCriticArchitecture { SharedTrunk = shared, PolicyHidden = layers, ValueHidden = layers, Activation = activation }, new Rng(3));
        var rng = new Rng(4);
        foreach (var p in policy.Parameters)                                          // trained-looking weights, not the 0.01-gain head
            for (int i = 0; i < p.Size; i++) p.Value.Span[i] += 0.3f * (float)rng.Normal();
        bool exact = OldPolicy.RolloutScoresExactly(policy, numEnvs, [batch]);
        if (expected is bool e) Assert.Equal(e, exact);

        // A rollout of numEnvs rows per step, sampled, then the loss's tape over minibatches of `batch` rows.
        int rows = 4 * batch;
        var x = new float[rows * 4];
        rng.Normal(x);
        var chosen = new float[rows]; var stored = new float[rows];
        for (int r = 0; r + numEnvs <= rows; r += numEnvs)
            policy.Act(x.AsSpan(r * 4, numEnvs * 4), numEnvs, chosen.AsSpan(r, numEnvs), stored.AsSpan(r, numEnvs), rng);
        int covered = rows / numEnvs * numEnvs, mismatches = 0;
        var tape = new Tape();
        for (int start = 0; start + batch <= covered; start += batch)
        {
            tape.Reset();
            var logProb = policy.Forward(tape, tape.Input(new Tensor(x[(start * 4)..((start + batch) * 4)], batch, 4)))
                .LogProb(Tensor.Vector(chosen[start..(start + batch)])).Value.Span;
            for (int r = 0; r < batch; r++)
            {
                if (logProb[r] != stored[start + r]) mismatches++;
                Assert.Equal(logProb[r], stored[start + r], 5e-6f);                   // always equal to float precision
            }
        }
        Assert.Equal(exact, mismatches == 0);
        Assert.Contains(chosen, a => a != chosen[0]);
    }

    [Fact]
    public void AGaussianPolicy_IsAlwaysReEvaluated()
    {
        var policy = new ActorCriticPolicy(new Box(-10f, 10f, 3), new Box(-2f, 2f, 1), null, new Rng(1));
        Assert.False(OldPolicy.RolloutScoresExactly(policy, 4, [64]));
        Assert.Throws<ArgumentOutOfRangeException>(() => OldPolicy.RolloutScoresExactly(policy, 0, [64]));
    }
}
