using Ascent.Environments.Normalization;

namespace Ascent.Search;

/// <summary>
/// ARS V2's state normalisation for a policy-evaluating objective: observations are mapped to
/// diag(Σ)^{−½}(x − μ) with μ, Σ the mean and variance of every state met in earlier generations, frozen while
/// a generation runs; the states of the generation are recorded per candidate and merged in candidate order
/// afterwards, so parallel and serial evaluation produce the same statistics bit for bit.
/// </summary>
/// <remarks>
/// <para>Use: the objective implements <see cref="IGenerationHooks"/> by forwarding to this class; its workers
/// call <see cref="Normalize"/> on every observation before the policy sees it and <see cref="Record"/> with the
/// raw observation and the candidate index of the <see cref="EvaluationContext"/>.</para>
/// <para>Before any state is recorded μ = 0, Σ = I (the paper's initialisation). A coordinate whose standard
/// deviation is below <see cref="MinStd"/> (e.g. a constant feature) is centred but not scaled.</para>
/// <para>The frozen map is an <see cref="ObservationNormalizer"/> without clipping or ε (<see cref="Frozen"/>), refrozen
/// after every generation: a trained model saves it and predicts through the very same code, so a deployed policy sees
/// exactly what it saw during the search.</para>
/// </remarks>
public sealed class GenerationObservationNormalizer : IGenerationHooks
{
    private readonly ObservationStatistics _totals;
    private readonly List<ObservationStatistics> _slots = [];
    private readonly double[] _frozenMean, _frozenVariance;
    private readonly RunningMeanStdState _frozenState;
    private readonly float[] _scratch;
    private int _activeSlots;

    /// <summary>The standard deviation below which a coordinate is not scaled.</summary>
    public const double MinStd = 1e-8;

    /// <summary>Creates a normaliser for observations of length <paramref name="observationSize"/>.</summary>
    public GenerationObservationNormalizer(int observationSize)
    {
        _totals = new ObservationStatistics(observationSize);
        Frozen = new ObservationNormalizer(observationSize, clip: double.PositiveInfinity, epsilon: 0);
        _frozenMean = new double[observationSize];
        _frozenVariance = new double[observationSize];
        _frozenState = new RunningMeanStdState(_frozenMean, _frozenVariance, 1);
        _scratch = new float[observationSize];
        Freeze();
    }

    /// <summary>Every state recorded in completed generations.</summary>
    public ObservationStatistics Totals => _totals;

    /// <summary>The frozen map (x − μ)/σ in use: no clipping, ε = 0, σ = 1 where the standard deviation is below
    /// <see cref="MinStd"/>. Read-only for callers; it changes only between generations.</summary>
    public ObservationNormalizer Frozen { get; }

    /// <summary>Prepares one empty slot per candidate; the frozen statistics stay those of the completed generations.</summary>
    public void BeginGeneration(int generation, int candidates)
    {
        if (candidates < 1) throw new ArgumentOutOfRangeException(nameof(candidates), candidates, "GenerationObservationNormalizer: a generation needs at least 1 candidate.");
        while (_slots.Count < candidates) _slots.Add(new ObservationStatistics(_totals.Size));
        for (int i = 0; i < candidates; i++) _slots[i].Clear();
        _activeSlots = candidates;
    }

    /// <summary>Records a raw observation met while evaluating <paramref name="candidate"/> (thread-safe across candidates).</summary>
    public void Record(int candidate, ReadOnlySpan<float> observation)
    {
        if ((uint)candidate >= (uint)_activeSlots)
            throw new ArgumentOutOfRangeException(nameof(candidate), candidate, $"GenerationObservationNormalizer: candidate must be in [0, {_activeSlots}); call BeginGeneration first.");
        _slots[candidate].Record(observation);
    }

    /// <summary>Writes (x − μ)/σ with the frozen statistics (thread-safe: the frozen map is only read).</summary>
    public void Normalize(ReadOnlySpan<float> observation, Span<float> destination)
    {
        if (observation.Length != _totals.Size || destination.Length != _totals.Size)
            throw new ArgumentException($"GenerationObservationNormalizer: expected length {_totals.Size}, got observation {observation.Length} and destination {destination.Length}.");
        Frozen.Normalize(observation, destination);
    }

    /// <summary>Merges the candidates' states into <see cref="Totals"/>, in candidate order, and refreezes μ and Σ.</summary>
    public void EndGeneration(int generation)
    {
        for (int i = 0; i < _activeSlots; i++) _totals.Merge(_slots[i]);
        _activeSlots = 0;
        Freeze();
    }

    /// <summary>Replaces <see cref="Totals"/> (e.g. from a model file) and refreezes μ and Σ from them.</summary>
    public void Restore(long count, ReadOnlySpan<double> mean, ReadOnlySpan<double> sumOfSquaredDeviations)
    {
        _totals.SetState(count, mean, sumOfSquaredDeviations);
        Freeze();
    }

    /// <summary>μ, Σ ← the totals (μ = 0, Σ = I with fewer than two states), σ = 1 below <see cref="MinStd"/>.</summary>
    private void Freeze()
    {
        bool any = _totals.Count > 1;
        for (int i = 0; i < _totals.Size; i++)
        {
            double variance = any ? _totals.Variance(i) : 1;
            _frozenMean[i] = any ? _totals.Mean[i] : 0;
            _frozenVariance[i] = Math.Sqrt(variance) < MinStd ? 1 : variance;
        }
        Frozen.Statistics.SetState(_frozenState with { Count = Math.Max(1, _totals.Count) });
        Frozen.Normalize(_scratch, _scratch); // computes the cached σ here, on one thread, so that workers only read
    }
}
