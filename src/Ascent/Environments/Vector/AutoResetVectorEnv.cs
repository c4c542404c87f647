using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Ascent.Environments.Spaces;
using Ascent.Numerics;

namespace Ascent.Environments.Vector;

/// <summary>
/// The common machinery of vector environments that own their copies: same-step automatic reset, final
/// observations, episode statistics, per-env seeding and optional stepping of sub-batches on several threads.
/// An implementation supplies <see cref="StepRange"/> (the physics of envs start…end−1) and <see cref="ResetEnv"/>.
/// </summary>
/// <remarks>
/// With <see cref="Threads"/> = k &gt; 1, the N envs are split into k contiguous sub-batches stepped in parallel
/// (the calling thread takes the first). Each env depends only on its own state, action and generator, so results
/// are identical to serial stepping. Worth it when a step is expensive; for cheap physics the synchronisation costs
/// more than it saves below a few thousand envs.
/// </remarks>
public abstract class AutoResetVectorEnv : VectorEnv
{
    private readonly float[] _actions;
    private readonly long[] _episodeStart;
    private readonly Action<int> _chunkJob;
    private Rng?[]? _generators;
    private ChunkWorkers? _workers;
    private int _threads = 1;
    private long _now;
    private bool _hasReset;

    /// <summary>Allocates the buffers for <paramref name="numEnvs"/> copies.</summary>
    protected AutoResetVectorEnv(int numEnvs, Space singleObservationSpace, Space singleActionSpace)
        : base(numEnvs, singleObservationSpace, singleActionSpace)
    {
        _actions = new float[numEnvs * ActionSize];
        _episodeStart = new long[numEnvs];
        _chunkJob = StepChunk;
    }

    /// <summary>Threads stepping sub-batches (1 = the calling thread only; at most <see cref="VectorEnv.NumEnvs"/>).</summary>
    public int Threads
    {
        get => _threads;
        set
        {
            if (value < 1 || value > NumEnvs)
                throw new ArgumentOutOfRangeException(nameof(Threads), value, $"{Name}: Threads must be in [1, {NumEnvs}] (the number of envs).");
            if (value == _threads) return;
            _workers?.Dispose();
            _workers = value > 1 ? new ChunkWorkers(value - 1, Name) : null;
            _threads = value;
        }
    }

    /// <inheritdoc />
    public sealed override void Reset(int? seed = null, IReadOnlyDictionary<string, double>? options = null)
    {
        if (seed is < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, $"{Name}: the seed must be non-negative.");
        long now = Stopwatch.GetTimestamp();
        for (int i = 0; i < NumEnvs; i++)
        {
            ResetEnv(i, seed is int s ? s + i : null, options);
            EpisodeReturns[i] = 0;
            EpisodeLengths[i] = 0;
            _episodeStart[i] = now;
        }
        Array.Clear(Rewards);
        Array.Clear(Terminated);
        Array.Clear(Truncated);
        _hasReset = true;
    }

    /// <inheritdoc />
    public sealed override void Step(ReadOnlySpan<float> actions)
    {
        if (!_hasReset) throw new InvalidOperationException($"{Name}: Step called before Reset; call Reset first.");
        CheckActionsLength(actions.Length);
        ValidateActions(actions);
        _now = Stopwatch.GetTimestamp();
        if (_workers is null)
        {
            StepChunk(0, NumEnvs, actions);
            return;
        }
        actions.CopyTo(_actions);
        _workers.Run(_chunkJob);
    }

    private void StepChunk(int chunk)
    {
        int k = _threads;
        int start = (int)((long)NumEnvs * chunk / k), end = (int)((long)NumEnvs * (chunk + 1) / k);
        StepChunk(start, end, _actions);
    }

    private void StepChunk(int start, int end, ReadOnlySpan<float> actions)
    {
        StepRange(start, end, actions);
        // Every env's bookkeeping is its own, so the running sums are updated first (vectorised), then finished
        // episodes are found eight flags at a time and reset.
        int n = end - start;
        var returns = EpisodeReturns.AsSpan(start, n);
        TensorPrimitives.Add(returns, Rewards.AsSpan(start, n), returns);
        var lengths = EpisodeLengths.AsSpan(start, n);
        TensorPrimitives.Add(lengths, 1, lengths);
        int i = start;
        for (; i + 8 <= end; i += 8)
        {
            ulong done = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<bool, byte>(ref Terminated[i]))
                         | Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<bool, byte>(ref Truncated[i]));
            while (done != 0)
            {
                FinishEpisode(i + BitOperations.TrailingZeroCount(done) / 8);
                done &= ~(0xFFUL << (BitOperations.TrailingZeroCount(done) & ~7));
            }
        }
        for (; i < end; i++)
            if (Terminated[i] || Truncated[i]) FinishEpisode(i);
    }

    /// <summary>Keeps the final observation and statistics of env i's finished episode, then resets it (same-step autoreset).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FinishEpisode(int i)
    {
        int size = ObservationSize, row = i * size;
        if (size <= 8)
            for (int k = row; k < row + size; k++) FinalObservations[k] = Observations[k]; // cheaper than a memmove call
        else Observations.AsSpan(row, size).CopyTo(FinalObservations.AsSpan(row, size));
        FinalEpisodes[i] = new EpisodeStatistics(EpisodeReturns[i], EpisodeLengths[i], Stopwatch.GetElapsedTime(_episodeStart[i], _now).TotalSeconds);
        EpisodeReturns[i] = 0;
        EpisodeLengths[i] = 0;
        _episodeStart[i] = _now;
        ResetEnv(i, null, null);
    }

    /// <summary>
    /// Checks every env's action before any env is stepped, so a bad action leaves the batch unchanged; throws naming
    /// the env index, the space and the value. The default applies <see cref="ActionCheck"/> to each row.
    /// </summary>
    protected virtual void ValidateActions(ReadOnlySpan<float> actions)
    {
        int a = ActionSize;
        for (int i = 0; i < NumEnvs; i++)
            if (!ActionCheck.IsValid(SingleActionSpace, actions.Slice(i * a, a))) ThrowInvalidAction(i, actions);
    }

    /// <summary>Throws the <see cref="ActionCheck"/> exception for env <paramref name="index"/>'s action (kept out of line so validation loops stay tight).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected void ThrowInvalidAction(int index, ReadOnlySpan<float> actions)
    {
        var row = actions.Slice(index * ActionSize, ActionSize);
        ActionCheck.Validate(EnvLabel(index), SingleActionSpace, row);
        throw new InvalidOperationException($"{EnvLabel(index)}: action {ActionCheck.Format(row)} rejected by the batch check but accepted by {SingleActionSpace}.");
    }

    /// <summary>
    /// The random generator of env <paramref name="index"/> for implementations that keep no <see cref="Env"/> objects:
    /// re-created from <paramref name="seed"/> when given (NumPy's seeding, as <see cref="Env.Seed"/>), else the
    /// current stream, seeded from the operating system on first use.
    /// </summary>
    protected Rng EnvRandom(int index, int? seed)
    {
        var generators = _generators ??= new Rng?[NumEnvs];
        if (seed is int s) generators[index] = new Rng((ulong)s);
        return generators[index] ??= new Rng((ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue));
    }

    /// <summary>Writes the generators made by <see cref="EnvRandom"/> (implementations add their physics and clocks).</summary>
    protected override void SaveStateCore(VectorEnvState state)
    {
        if (_generators is null) return;
        for (int i = 0; i < NumEnvs; i++)
            if (_generators[i] is { } g) state.SetRng(GeneratorName(i), g);
    }

    /// <summary>Restores the generators, marks the environments as reset and restarts the episodes' wall clocks.</summary>
    protected override void LoadStateCore(VectorEnvState state)
    {
        for (int i = 0; i < NumEnvs; i++)
        {
            if (!state.Contains(GeneratorName(i))) continue;
            (_generators ??= new Rng?[NumEnvs])[i] = state.GetRng(GeneratorName(i));
        }
        long now = Stopwatch.GetTimestamp();
        Array.Fill(_episodeStart, now);
        _hasReset = true;
    }

    private static string GeneratorName(int index) => "rng" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How messages name env <paramref name="index"/>: "<c>Name env i of N</c>".</summary>
    private string EnvLabel(int index) => $"{Name} env {index} of {NumEnvs}";

    /// <summary>
    /// Steps envs <paramref name="start"/>…<paramref name="end"/>−1 with their (already validated) actions (row i of
    /// <paramref name="actions"/>): advances the physics, writes row i of
    /// <see cref="VectorEnv.Observations"/> and entry i of <see cref="VectorEnv.Rewards"/>,
    /// <see cref="VectorEnv.Terminated"/> and <see cref="VectorEnv.Truncated"/> (time limit included). May run
    /// concurrently on disjoint ranges.
    /// </summary>
    protected abstract void StepRange(int start, int end, ReadOnlySpan<float> actions);

    /// <summary>Resets env <paramref name="index"/> (re-seeding it when <paramref name="seed"/> is given) and writes its row of <see cref="VectorEnv.Observations"/>.</summary>
    protected abstract void ResetEnv(int index, int? seed, IReadOnlyDictionary<string, double>? options);

    /// <inheritdoc />
    public override void Dispose()
    {
        _workers?.Dispose();
        _workers = null;
        base.Dispose();
    }
}
