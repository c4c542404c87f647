using Ascent.Environments;

namespace Ascent.Rollouts;

/// <summary>
/// The returns and lengths of the most recent finished episodes (Stable-Baselines3 keeps the last 100 for
/// <c>rollout/ep_rew_mean</c>), plus counts of all episodes. Adding does not allocate.
/// </summary>
public sealed class EpisodeWindow
{
    private readonly double[] _returns, _lengths;
    private int _next;

    /// <summary>A window over the last <paramref name="capacity"/> episodes (default 100).</summary>
    public EpisodeWindow(int capacity = 100)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "EpisodeWindow: capacity must be at least 1.");
        _returns = new double[capacity];
        _lengths = new double[capacity];
    }

    /// <summary>The number of episodes the window keeps.</summary>
    public int Capacity => _returns.Length;

    /// <summary>The number of episodes currently in the window (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Every episode finished since creation.</summary>
    public long TotalEpisodes { get; private set; }

    /// <summary>The return of the most recent episode (NaN before the first).</summary>
    public double LastReturn => Count == 0 ? double.NaN : _returns[(_next + Capacity - 1) % Capacity];

    /// <summary>Adds a finished episode, evicting the oldest when full.</summary>
    public void Add(EpisodeStatistics episode)
    {
        _returns[_next] = episode.Return;
        _lengths[_next] = episode.Length;
        _next = (_next + 1) % Capacity;
        if (Count < Capacity) Count++;
        TotalEpisodes++;
    }

    /// <summary>The mean return of the episodes in the window (NaN when empty).</summary>
    public double MeanReturn => Mean(_returns);

    /// <summary>The mean length of the episodes in the window (NaN when empty).</summary>
    public double MeanLength => Mean(_lengths);

    /// <summary>The population standard deviation of the returns in the window (NaN when empty).</summary>
    public double StdReturn
    {
        get
        {
            if (Count == 0) return double.NaN;
            double mean = MeanReturn, s = 0;
            for (int i = 0; i < Count; i++) s += (_returns[i] - mean) * (_returns[i] - mean);
            return Math.Sqrt(s / Count);
        }
    }

    /// <summary>Forgets the episodes in the window (the total count is kept).</summary>
    public void Clear() { Count = 0; _next = 0; }

    private double Mean(double[] values)
    {
        if (Count == 0) return double.NaN;
        double s = 0;
        for (int i = 0; i < Count; i++) s += values[i];
        return s / Count;
    }
}
