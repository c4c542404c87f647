using Ascent.Algorithms;
using Ascent.Io.Config;
using Ascent.Training;
using Ascent.Training.Callbacks;

namespace Ascent.Tests.Algorithms;

/// <summary>Adaptive-KL PPO: β's dual update, the exact KL, learning CartPole, options and saving β.</summary>
public class PpoKlTests
{
    private static PpoKlOptions ZooCartPole(int seed, params string[] overrides) =>
        OptionsBinder.Bind<PpoKlOptions>(TunedHyperparameters.Section("ppo-kl", "CartPole-v1"), [$"seed={seed}", .. overrides]);

    [Theory]
    [InlineData(0.016, 2.0)]     // above 1.5 × 0.01: double
    [InlineData(0.0151, 2.0)]
    [InlineData(0.015, 1.0)]     // at 1.5 × target: unchanged
    [InlineData(0.01, 1.0)]      // on target
    [InlineData(0.0067, 1.0)]    // just above target / 1.5
    [InlineData(0.0066, 0.5)]    // below target / 1.5: halve
    [InlineData(0.0, 0.5)]
    public void Beta_DoublesAboveOnePointFiveTimesTheTarget_AndHalvesBelowTheTargetOverOnePointFive(double kl, double expected)
    {
        var beta = new AdaptiveKlCoefficient(1.0, 0.01);
        Assert.Equal(expected, beta.Update(kl));
    }

    [Fact]
    public void Beta_SettlesWhereTheKlMeetsTheTarget()
    {
        // A stand-in for the policy update: the KL of a step shrinks as 1/β (a penalised quadratic step).
        var beta = new AdaptiveKlCoefficient(1.0, 0.01);
        for (int i = 0; i < 30; i++) beta.Update(0.32 / beta.Value);
        double kl = 0.32 / beta.Value;
        Assert.InRange(kl, 0.01 / 1.5, 0.015);
        Assert.Equal(32.0, beta.Value);                       // 1 → 2 → … → 32, where 0.32/32 = 0.01
    }

    [Fact]
    public void BadCoefficients_AreRejected_NamingTheOption()
    {
        Assert.Contains("kl_coef = 0", Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveKlCoefficient(0, 0.01)).Message);
        Assert.Contains("target_kl = -1", Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveKlCoefficient(1, -1)).Message);
        Assert.Contains("target_kl = 0", Assert.Throws<ConfigException>(() => OptionsBinder.Bind<PpoKlOptions>(null, ["target_kl=0"])).Message);
        Assert.Contains("kl_coef = -2", Assert.Throws<ConfigException>(() => OptionsBinder.Bind<PpoKlOptions>(null, ["kl_coef=-2"])).Message);
    }

    [Fact]
    public void TheDualUpdate_FollowsTheMeasuredKl_EveryUpdate()
    {
        using var model = new PpoKl("CartPole-v1", ZooCartPole(1, "learning_rate=3e-3"));
        var seen = new List<(double Kl, double BetaAfter)>();
        double before = model.Beta.Value;
        var check = TrainingCallback.OnEveryStep(c =>
        {
            var m = (PpoKl)c.Algorithm;
            if (seen.Count < m.Updates / 20)                                    // one update = 20 epochs × 1 minibatch
            {
                double expected = m.LastKl > 0.015 ? before * 2 : m.LastKl < 0.01 / 1.5 ? before / 2 : before;
                Assert.Equal(expected, m.Beta.Value);
                seen.Add((m.LastKl, m.Beta.Value));
                before = m.Beta.Value;
            }
            return true;
        });
        model.Learn(8 * 32 * 12, check, logInterval: 0);
        Assert.True(seen.Count >= 10);
        Assert.Contains(seen, s => s.Kl > 0.015);                                // a large learning rate makes β grow
    }

    [Theory]
    [InlineData("CartPole-v1", "", 0.0)]
    [InlineData("Acrobot-v1", "normalize=true", 0.0)]
    [InlineData("Pendulum-v1", "", 1e-6)]
    [InlineData("Pendulum-v1", "use_sde=true", 1e-6)]
    public void TheExactKl_IsZeroAtTheOldPolicy(string env, string extra, double tolerance)
    {
        string[] overrides = ["seed=2", "n_envs=2", "n_steps=32", "batch_size=24", "n_epochs=2"];
        if (extra.Length > 0) overrides = [.. overrides, extra];
        using var model = new PpoKl(env, OptionsBinder.Bind<PpoKlOptions>(null, overrides));
        model.Learn(64, logInterval: 0);
        Assert.True(model.LastKl > 0);                                            // the update moved the policy
        // Take the current policy as π_old for the segment in the buffer: KL(π_old ‖ π_θ) must vanish.
        var old = new OldPolicy(model.Policy, model.Buffer.Size, keepDistribution: true);
        var plan = new ShuffledMinibatches(model.Buffer.Size, 24, model.Buffer.ObservationSize, model.Buffer.ActionSize, new Ascent.Numerics.Rng(1));
        plan.Shuffle();
        old.Evaluate(model.Policy, model.Buffer, plan);
        var loss = new KlPenaltyLoss(model.Policy, old);
        Assert.InRange(loss.MeanKl(model.Policy, model.Buffer, plan), 0.0, tolerance);   // categorical: exactly 0; Gaussian: exp(0) rounds to 1 + 2⁻²³
        var terms = loss.Evaluate(model.Policy, plan.Gather(model.Buffer, 0), plan.Indices(0), 1.0, 0f, 0.5f);
        Assert.InRange(terms.Kl, 0.0, tolerance);
        Assert.Equal(0.0, terms.ApproxKl);                                        // and the ratio is exactly 1
    }

    [Fact]
    public void LearnsCartPole()
    {
        using var model = new PpoKl("CartPole-v1", ZooCartPole(3));
        model.Learn(40_000, logInterval: 0);
        Assert.True(model.Episodes.MeanReturn >= 100, $"last-100 return {model.Episodes.MeanReturn} after 40k steps; a random policy gets about 22");
    }

    [Fact]
    public void SaveAndLoad_KeepBeta()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ascent-ppokl-{Guid.NewGuid():N}.zip");
        try
        {
            using var model = new PpoKl("CartPole-v1", ZooCartPole(4, "learning_rate=1e-6"));
            model.Learn(8 * 32 * 3, logInterval: 0);
            Assert.Equal(0.125, model.Beta.Value);                              // tiny steps: KL below target/1.5 three times
            model.Save(path);
            using var loaded = PpoKl.Load(path);
            Assert.Equal(model.Beta.Value, loaded.Beta.Value);
            Assert.Equal(model.Options, loaded.Options);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
