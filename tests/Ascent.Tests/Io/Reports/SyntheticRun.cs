using Ascent.Io.Reports;
using Ascent.Training.Logging;

namespace Ascent.Tests.Io.Reports;

/// <summary>Writes run directories the way a learner will: through the Logger, with a config and machine.json.</summary>
internal static class SyntheticRun
{
    /// <summary>
    /// A run whose mean return follows <c>ceiling·(1 − exp(−t/scale)) + offset</c> (deterministic, no noise),
    /// dumped every <paramref name="stepsPerDump"/> steps.
    /// </summary>
    public static string Create(string root, string env, string algo, int seed, double offset = 0, int dumps = 20,
        int stepsPerDump = 2048, double ceiling = 500, double scale = 15000, bool machine = true)
    {
        string dir = Path.Combine(root, $"{env}__{algo}__{seed}__20250101-120000");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, RunDirectory.ConfigFile),
            $"# resolved configuration\nenv: {env}\nalgo: {algo}\nseed: {seed}\nn_steps: {stepsPerDump}\nlearning_rate: 0.0003\npolicy_kwargs: \"dict(net_arch=[64, 64])\"\n");
        if (machine) MachineInfo.WriteJson(Path.Combine(dir, RunDirectory.MachineFile));
        using var logger = new Logger(new CsvSink(Path.Combine(dir, CsvSink.DefaultFileName)));
        for (int k = 1; k <= dumps; k++)
        {
            long steps = (long)k * stepsPerDump;
            double ret = ceiling * (1 - Math.Exp(-steps / scale)) + offset;
            logger.Record(LogKeys.EpisodeRewardMean, ret);
            logger.Record(LogKeys.EpisodeLengthMean, ret);
            logger.Record(LogKeys.Fps, 1000 + 10 * seed);
            logger.Record(LogKeys.TotalTimesteps, steps);
            logger.Record(LogKeys.TimeElapsed, steps / (1000.0 + 10 * seed));
            logger.Record(LogKeys.Iterations, k);
            if (k > 1)
            {
                logger.Record(LogKeys.ValueLoss, 100 * Math.Exp(-k / 5.0) + seed);
                logger.Record(LogKeys.PolicyGradientLoss, -0.01 * Math.Exp(-k / 8.0));
                logger.Record(LogKeys.EntropyLoss, -0.69 + 0.01 * k);
                logger.Record(LogKeys.ApproxKl, 0.01 / k);
                logger.Record(LogKeys.ClipFraction, 0.2 / k);
                logger.Record(LogKeys.ExplainedVariance, 1 - 1.0 / k);
                logger.Record(LogKeys.LearningRate, 3e-4);
            }
            logger.Dump(steps);
        }
        return dir;
    }
}
