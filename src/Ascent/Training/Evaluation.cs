using Ascent.Environments;

namespace Ascent.Training;

/// <summary>
/// The returns of a trained model on fresh episodes (Stable-Baselines3's <c>evaluate_policy</c>): episode k is reset
/// with seed <c>firstSeed + k</c>, actions come from <see cref="BaseAlgorithm.Predict(ReadOnlySpan{float}, Span{float}, bool)"/>
/// (deterministic by default), and the episode runs until it terminates or is truncated.
/// </summary>
/// <param name="Returns">The undiscounted return of each episode.</param>
/// <param name="Lengths">The length of each episode.</param>
public sealed record Evaluation(IReadOnlyList<double> Returns, IReadOnlyList<int> Lengths)
{
    /// <summary>The mean return.</summary>
    public double MeanReturn => Returns.Count == 0 ? double.NaN : Returns.Average();

    /// <summary>The population standard deviation of the returns.</summary>
    public double StdReturn
    {
        get
        {
            if (Returns.Count == 0) return double.NaN;
            double mean = MeanReturn;
            return Math.Sqrt(Returns.Sum(r => (r - mean) * (r - mean)) / Returns.Count);
        }
    }

    /// <summary>Runs <paramref name="episodes"/> episodes of <paramref name="model"/> in <paramref name="env"/> (a single, unwrapped-by-normalisation environment).</summary>
    public static Evaluation Run(BaseAlgorithm model, Env env, int episodes, int firstSeed = 0, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(env);
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), episodes, "Evaluation.Run: episodes must be at least 1.");
        if (firstSeed < 0) throw new ArgumentOutOfRangeException(nameof(firstSeed), firstSeed, "Evaluation.Run: firstSeed must be ≥ 0.");
        var action = new float[model.ActionSpace.FlatSize];
        var returns = new double[episodes];
        var lengths = new int[episodes];
        for (int k = 0; k < episodes; k++)
        {
            var obs = env.Reset(firstSeed + k).Observation;
            while (true)
            {
                model.Predict(obs, action, deterministic);
                var step = env.Step(action);
                returns[k] += step.Reward;
                lengths[k]++;
                if (step.Terminated || step.Truncated) break;
                obs = step.Observation;
            }
        }
        return new Evaluation(returns, lengths);
    }
}
