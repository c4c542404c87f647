using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Policies.Features;

namespace Ascent.Tests.Policies;

/// <summary>The policies under test, each with random parameters and a generator of valid observations.</summary>
internal static class PolicyCases
{
    public sealed record Case(string Name, IPolicy Policy, Func<Rng, float[]> Observation);

    /// <summary>Every policy with an analytic score, with random non-zero parameters.</summary>
    public static IEnumerable<Case> Analytic(Rng rng)
    {
        var tabular = new TabularSoftmaxPolicy(5, 3);
        Randomise(tabular, rng);
        yield return new("tabular softmax", tabular, r => [r.Integer(5)]);

        var corridor = new LinearSoftmaxPolicy(new Discrete(1), PerActionFeatures.ShortCorridor());
        corridor.SetTheta([-1.47, 1.47]);
        yield return new("linear softmax (short corridor)", corridor, _ => [0f]);

        var walls = new LinearSoftmaxPolicy(new MultiBinary(4), new ObservationTimesActionFeatures(4, 4));
        Randomise(walls, rng);
        yield return new("linear softmax (wall × action)", walls, r => [r.Integer(2), r.Integer(2), r.Integer(2), r.Integer(2)]);

        var box = new Box(-1f, 1f, 3);
        var fixedStd = new LinearGaussianPolicy(box, new RawObservationFeatures(3), new Box(-2f, 2f, 2), initialStd: 0.7, learnStd: false);
        Randomise(fixedStd, rng);
        yield return new("linear Gaussian (fixed σ)", fixedStd, r => RandomBox(r, 3));

        var learnedStd = new LinearGaussianPolicy(box, new RawObservationFeatures(3), new Box(-2f, 2f, 2), initialStd: 0.5, learnStd: true);
        Randomise(learnedStd, rng);
        yield return new("linear Gaussian (learned σ)", learnedStd, r => RandomBox(r, 3));
    }

    /// <summary>The MLP policies (autodiff scores only).</summary>
    public static IEnumerable<Case> Networks(Rng rng)
    {
        var box = new Box(-1f, 1f, 4);
        var categorical = new MlpCategoricalPolicy(box, new Discrete(3), [8, 8], Activation.Tanh, rng);
        Randomise(categorical, rng);
        yield return new("MLP categorical", categorical, r => RandomBox(r, 4));
        var gaussian = new MlpGaussianPolicy(box, new Box(-1f, 1f, 2), [8], Activation.Relu, rng, initialLogStd: -0.3f);
        Randomise(gaussian, rng);
        yield return new("MLP Gaussian", gaussian, r => RandomBox(r, 4));
    }

    public static float[] RandomBox(Rng rng, int size)
    {
        var x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float)rng.Uniform(-1, 1);
        return x;
    }

    /// <summary>Adds Gaussian noise of scale 0.5 to every parameter (so no probability is uniform and no output head is near zero).</summary>
    public static void Randomise(IPolicy policy, Rng rng)
    {
        var values = new float[policy.Parameters.Size];
        policy.Parameters.CopyValuesTo(values);
        for (int i = 0; i < values.Length; i++) values[i] += (float)(0.5 * rng.Normal());
        policy.Parameters.CopyValuesFrom(values);
    }
}
