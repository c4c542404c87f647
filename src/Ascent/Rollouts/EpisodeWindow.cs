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

    /// <summary>A copy of the window as it is stored (ring buffers, position, counts), for checkpoints.</summary>
    public EpisodeWindowState GetState() => new((double[])_returns.Clone(), (double[])_lengths.Clone(), Count, _next, TotalEpisodes);

    /// <summary>Restores a window saved by <see cref="GetState"/> from a window of the same capacity (means then agree bit for bit).</summary>
    public void SetState(EpisodeWindowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Returns.Length != Capacity || state.Lengths.Length != Capacity)
            throw new ArgumentException($"EpisodeWindow.SetState: the saved window holds {state.Returns.Length} returns and {state.Lengths.Length} lengths; this one has capacity {Capacity}.", nameof(state));
        if (state.Count < 0 || state.Count > Capacity || state.Next < 0 || state.Next >= Capacity || state.TotalEpisodes < state.Count)
            throw new ArgumentException($"EpisodeWindow.SetState: count {state.Count}, position {state.Next} and total {state.TotalEpisodes} do not fit a window of capacity {Capacity}.", nameof(state));
        state.Returns.CopyTo(_returns, 0);
        state.Lengths.CopyTo(_lengths, 0);
        Count = state.Count;
        _next = state.Next;
        TotalEpisodes = state.TotalEpisodes;
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

/// <summary>A saved <see cref="EpisodeWindow"/>: its ring buffers as stored, the number of episodes in it, the next write position and the total count.</summary>
/// <param name="Returns">The ring of returns (length = capacity).</param>
/// <param name="Lengths">The ring of lengths (length = capacity).</param>
/// <param name="Count">Episodes in the window.</param>
/// <param name="Next">The position the next episode is written to.</param>
/// <param name="TotalEpisodes">Every episode finished since creation.</param>
public sealed record EpisodeWindowState(double[] Returns, double[] Lengths, int Count, int Next, long TotalEpisodes);
