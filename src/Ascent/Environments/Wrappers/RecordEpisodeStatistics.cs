using System.Diagnostics;

namespace Ascent.Environments.Wrappers;

/// <summary>
/// Tracks the return, length and wall time of every episode (Gymnasium's <c>RecordEpisodeStatistics</c>): on the step
/// that ends an episode (terminated or truncated), <see cref="EnvInfo.Episode"/> holds its statistics, and the last
/// <see cref="BufferLength"/> episodes are kept in <see cref="RecentEpisodes"/>.
/// </summary>
public sealed class RecordEpisodeStatistics : Wrapper
{
    private readonly EpisodeStatistics[] _recent;
    private int _recentCount, _recentNext;
    private double _return;
    private int _length;
    private long _start;

    /// <summary>Wraps <paramref name="env"/>, remembering the last <paramref name="bufferLength"/> episodes (default 100).</summary>
    public RecordEpisodeStatistics(Env env, int bufferLength = 100) : base(env)
    {
        if (bufferLength < 1) throw new ArgumentOutOfRangeException(nameof(bufferLength), bufferLength, "RecordEpisodeStatistics: bufferLength must be at least 1.");
        _recent = new EpisodeStatistics[bufferLength];
    }

    /// <summary>How many recent episodes are kept.</summary>
    public int BufferLength => _recent.Length;

    /// <summary>Episodes finished since construction.</summary>
    public long EpisodeCount { get; private set; }

    /// <summary>The return of the running episode so far.</summary>
    public double CurrentReturn => _return;

    /// <summary>The length of the running episode so far.</summary>
    public int CurrentLength => _length;

    /// <summary>The last finished episodes, oldest first (a copy).</summary>
    public IReadOnlyList<EpisodeStatistics> RecentEpisodes
    {
        get
        {
            var list = new EpisodeStatistics[_recentCount];
            int first = (_recentNext - _recentCount + _recent.Length) % _recent.Length;
            for (int k = 0; k < _recentCount; k++) list[k] = _recent[(first + k) % _recent.Length];
            return list;
        }
    }

    /// <inheritdoc />
    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation)
    {
        base.ResetCore(options, observation);
        _return = 0;
        _length = 0;
        _start = Stopwatch.GetTimestamp();
    }

    /// <inheritdoc />
    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        var (reward, terminated, truncated) = base.StepCore(action, observation);
        _return += reward;
        _length++;
        if (terminated || truncated)
        {
            var stats = new EpisodeStatistics(_return, _length, Stopwatch.GetElapsedTime(_start).TotalSeconds);
            Info.Episode = stats;
            _recent[_recentNext] = stats;
            _recentNext = (_recentNext + 1) % _recent.Length;
            _recentCount = Math.Min(_recentCount + 1, _recent.Length);
            EpisodeCount++;
            _return = 0;
            _length = 0;
            _start = Stopwatch.GetTimestamp();
        }
        return (reward, terminated, truncated);
    }
}
