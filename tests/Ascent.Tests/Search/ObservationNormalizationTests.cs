using Ascent.Numerics;
using Ascent.Search;

namespace Ascent.Tests.Search;

public class ObservationNormalizationTests
{
    [Fact]
    public void Statistics_MergedInChunks_MatchTwoPassMeanAndVariance()
    {
        var rng = new Rng(4);
        var data = Enumerable.Range(0, 500).Select(_ => new[] { (float)rng.Normal(3, 2), (float)rng.Normal(-1, 0.1), 7f }).ToArray();
        var whole = new ObservationStatistics(3);
        foreach (var x in data) whole.Record(x);
        var merged = new ObservationStatistics(3);
        foreach (var chunk in data.Chunk(37))
        {
            var part = new ObservationStatistics(3);
            foreach (var x in chunk) part.Record(x);
            merged.Merge(part);
        }
        merged.Merge(new ObservationStatistics(3)); // merging nothing changes nothing
        for (int i = 0; i < 3; i++)
        {
            double mean = data.Average(x => (double)x[i]);
            double variance = data.Sum(x => (x[i] - mean) * (x[i] - mean)) / (data.Length - 1);
            Assert.Equal(mean, whole.Mean[i], 10);
            Assert.Equal(mean, merged.Mean[i], 10);
            Assert.Equal(variance, whole.Variance(i), 9);
            Assert.Equal(variance, merged.Variance(i), 9);
        }
        Assert.Equal(500, merged.Count);
    }

    [Fact]
    public void Normalizer_StartsAsIdentity_ThenUsesFrozenStatistics_AndLeavesConstantFeaturesUnscaled()
    {
        var normalizer = new GenerationObservationNormalizer(2);
        var output = new float[2];
        normalizer.BeginGeneration(0, 2);
        normalizer.Normalize([3f, 5f], output);
        Assert.Equal([3f, 5f], output); // μ = 0, Σ = I before any state is recorded
        normalizer.Record(0, [1f, 5f]);
        normalizer.Record(1, [3f, 5f]);
        normalizer.Normalize([3f, 5f], output);
        Assert.Equal([3f, 5f], output); // frozen during the generation
        normalizer.EndGeneration(0);
        normalizer.BeginGeneration(1, 1);
        normalizer.Normalize([3f, 6f], output);
        Assert.Equal(1f / MathF.Sqrt(2f), output[0], 6); // (3 − 2)/√2
        Assert.Equal(1f, output[1]);                    // constant feature: centred, not scaled
        Assert.Throws<ArgumentOutOfRangeException>(() => normalizer.Record(1, [0f, 0f]));
    }

    [Fact]
    public void ArsV2_WithNormalizingObjective_IsBitIdentical_SerialAndParallel()
    {
        (double[] Current, double[] Mean, double[] Variance) RunWith(int threads)
        {
            var objective = new NormalizedLinearTask();
            var ars = new AugmentedRandomSearch(new double[NormalizedLinearTask.ObservationSize], new AugmentedRandomSearchOptions { Directions = 6, TopDirections = 3 }, seed: 1);
            Assert.True(ars.NormalizesObservations);
            using var loop = new SearchLoop(ars, objective, new EvaluationOptions { Seed = 9, EpisodesPerCandidate = 2, MaxDegreeOfParallelism = threads });
            loop.Run(SearchBudget.Generations(12));
            var totals = objective.Normalizer.Totals;
            Assert.Equal(12L * 12 * 2 * NormalizedLinearTask.Steps, totals.Count);
            return (ars.Current.ToArray(), totals.Mean.ToArray(), Enumerable.Range(0, totals.Size).Select(totals.Variance).ToArray());
        }
        var serial = RunWith(1);
        var parallel = RunWith(4);
        Assert.Equal(serial.Current, parallel.Current);
        Assert.Equal(serial.Mean, parallel.Mean);
        Assert.Equal(serial.Variance, parallel.Variance);
    }

    /// <summary>A toy episodic task with badly scaled observations: reward = θ·normalised(obs) − ‖θ‖², obs drawn from the episode seed.</summary>
    private sealed class NormalizedLinearTask : IObjective, IGenerationHooks
    {
        public const int ObservationSize = 3;
        public const int Steps = 5;

        public GenerationObservationNormalizer Normalizer { get; } = new(ObservationSize);

        public int Dimension => ObservationSize;

        public IObjectiveWorker CreateWorker() => new Worker(Normalizer);

        public void BeginGeneration(int generation, int candidates) => Normalizer.BeginGeneration(generation, candidates);

        public void EndGeneration(int generation) => Normalizer.EndGeneration(generation);

        private sealed class Worker(GenerationObservationNormalizer normalizer) : IObjectiveWorker
        {
            private readonly float[] _obs = new float[ObservationSize];
            private readonly float[] _normalized = new float[ObservationSize];

            public Evaluation Evaluate(ReadOnlySpan<double> theta, in EvaluationContext context)
            {
                var rng = new Rng((ulong)context.EpisodeSeed);
                double ret = 0;
                for (int t = 0; t < Steps; t++)
                {
                    _obs[0] = (float)rng.Normal(100, 10);
                    _obs[1] = (float)rng.Normal(0, 0.01);
                    _obs[2] = (float)rng.Normal(-5, 1);
                    normalizer.Record(context.Candidate, _obs);
                    normalizer.Normalize(_obs, _normalized);
                    for (int i = 0; i < ObservationSize; i++) ret += theta[i] * _normalized[i] - theta[i] * theta[i];
                }
                return new Evaluation(ret, Steps);
            }

            public void Dispose() { }
        }
    }
}
