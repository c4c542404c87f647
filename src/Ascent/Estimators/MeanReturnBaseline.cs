namespace Ascent.Estimators;

/// <summary>
/// The average return as a constant baseline, b = (1/N) Σ_j r(τ_j) (CS285): for total-return weights the mean of
/// R(τ) over episodes, for reward-to-go weights the mean of G_t over all steps.
/// </summary>
/// <remarks>
/// Estimated <b>leave-one-out</b>: episode i uses the mean over the other episodes, b₋ᵢ = (S − sᵢ)/(C − cᵢ), which is
/// independent of episode i, so E[∇log p(τᵢ) b₋ᵢ] = E[b₋ᵢ]·0 = 0 and the estimator is unbiased even for a
/// small batch. (Using the plain batch mean, which contains episode i's own return, biases the gradient by
/// O(1/N).) With a single episode there is nothing to leave in and b = 0.
/// </remarks>
public sealed class MeanReturnBaseline : Baseline
{
    private double _sum;
    private double _count;

    /// <inheritdoc />
    public override string Name => "mean";

    /// <summary>Accumulates the totals S = Σ u and C = number of terms over the whole batch.</summary>
    internal void Prepare(EpisodeBatch batch, ReadOnlySpan<double> returns, bool episodeLevel)
    {
        _sum = 0; _count = 0;
        for (int i = 0; i < batch.EpisodeCount; i++)
        {
            var (sum, count) = Contribution(batch[i], returns, episodeLevel);
            _sum += sum; _count += count;
        }
    }

    /// <summary>b₋ᵢ: the mean return over every episode but <paramref name="episode"/>.</summary>
    internal double LeaveOneOut(Episode episode, ReadOnlySpan<double> returns, bool episodeLevel)
    {
        var (sum, count) = Contribution(episode, returns, episodeLevel);
        double others = _count - count;
        return others > 0 ? (_sum - sum) / others : 0;
    }

    /// <summary>An episode's part of the totals: (R(τ), 1) for episode-level returns, (Σ_t G_t, T) otherwise.</summary>
    private static (double Sum, double Count) Contribution(Episode episode, ReadOnlySpan<double> returns, bool episodeLevel)
    {
        if (episodeLevel) return (returns[episode.Start], 1);
        double sum = 0;
        for (int t = episode.Start; t < episode.End; t++) sum += returns[t];
        return (sum, episode.Length);
    }
}
