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
/// </remarks>
public sealed class GenerationObservationNormalizer : IGenerationHooks
{
    private readonly ObservationStatistics _totals;
    private readonly List<ObservationStatistics> _slots = [];
    private readonly float[] _mean;
    private readonly float[] _inverseStd;
    private int _activeSlots;

    /// <summary>The standard deviation below which a coordinate is not scaled.</summary>
    public const double MinStd = 1e-8;

    /// <summary>Creates a normaliser for observations of length <paramref name="observationSize"/>.</summary>
    public GenerationObservationNormalizer(int observationSize)
    {
        _totals = new ObservationStatistics(observationSize);
        _mean = new float[observationSize];
        _inverseStd = new float[observationSize];
        Array.Fill(_inverseStd, 1f);
    }

    /// <summary>Every state recorded in completed generations.</summary>
    public ObservationStatistics Totals => _totals;

    /// <summary>The frozen mean in use.</summary>
    public ReadOnlySpan<float> FrozenMean => _mean;

    /// <summary>The frozen 1/σ in use.</summary>
    public ReadOnlySpan<float> FrozenInverseStd => _inverseStd;

    /// <summary>Freezes μ and Σ from <see cref="Totals"/> and prepares one empty slot per candidate.</summary>
    public void BeginGeneration(int generation, int candidates)
    {
        if (candidates < 1) throw new ArgumentOutOfRangeException(nameof(candidates), candidates, "GenerationObservationNormalizer: a generation needs at least 1 candidate.");
        while (_slots.Count < candidates) _slots.Add(new ObservationStatistics(_totals.Size));
        for (int i = 0; i < candidates; i++) _slots[i].Clear();
        _activeSlots = candidates;
        if (_totals.Count > 1)
        {
            for (int i = 0; i < _totals.Size; i++)
            {
                double std = Math.Sqrt(_totals.Variance(i));
                _mean[i] = (float)_totals.Mean[i];
                _inverseStd[i] = std < MinStd ? 1f : (float)(1 / std);
            }
        }
    }

    /// <summary>Records a raw observation met while evaluating <paramref name="candidate"/> (thread-safe across candidates).</summary>
    public void Record(int candidate, ReadOnlySpan<float> observation)
    {
        if ((uint)candidate >= (uint)_activeSlots)
            throw new ArgumentOutOfRangeException(nameof(candidate), candidate, $"GenerationObservationNormalizer: candidate must be in [0, {_activeSlots}); call BeginGeneration first.");
        _slots[candidate].Record(observation);
    }

    /// <summary>Writes (x − μ)/σ with the frozen statistics.</summary>
    public void Normalize(ReadOnlySpan<float> observation, Span<float> destination)
    {
        if (observation.Length != _mean.Length || destination.Length != _mean.Length)
            throw new ArgumentException($"GenerationObservationNormalizer: expected length {_mean.Length}, got observation {observation.Length} and destination {destination.Length}.");
        TensorPrimitives.Subtract(observation, _mean, destination);
        TensorPrimitives.Multiply(destination, _inverseStd, destination);
    }

    /// <summary>Merges the candidates' states into <see cref="Totals"/>, in candidate order.</summary>
    public void EndGeneration(int generation)
    {
        for (int i = 0; i < _activeSlots; i++) _totals.Merge(_slots[i]);
        _activeSlots = 0;
    }
}
