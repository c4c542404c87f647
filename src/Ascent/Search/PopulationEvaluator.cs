using Ascent.Autodiff;
using System.Runtime.ExceptionServices;

namespace Ascent.Search;

/// <summary>
/// Evaluates every candidate of a generation — K episodes each, averaged — on up to
/// <see cref="EvaluationOptions.MaxDegreeOfParallelism"/> threads, with results bit-identical to a serial run.
/// </summary>
/// <remarks>
/// <para>Why parallel equals serial: each episode's seed is derived from (seed, generation, candidate, episode)
/// (<see cref="EpisodeSeeds"/>), workers are pure functions of candidate and seed (the
/// <see cref="IObjectiveWorker"/> contract), a candidate's K episodes run on one thread in episode order, and
/// each result lands in its candidate's slot. Scheduling decides only who computes what, never what is computed.</para>
/// <para>Errors: a non-finite episode fitness raises <see cref="NonFiniteFitnessException"/>; an exception in a
/// worker is rethrown. With several failures, the one of the lowest candidate index is reported — the one a
/// serial run would meet first.</para>
/// </remarks>
public sealed class PopulationEvaluator : IDisposable
{
    private readonly IObjective _objective;
    private readonly List<IObjectiveWorker> _workers = [];
    private double[] _fitness = [];
    private long[] _steps = [];
    private ExceptionDispatchInfo?[] _failures = [];
    private bool _disposed;

    /// <summary>Creates an evaluator for <paramref name="objective"/>.</summary>
    public PopulationEvaluator(IObjective objective, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (objective.Dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(objective), objective.Dimension, "PopulationEvaluator: the objective's parameter count is 0; it must be at least 1.");
        Options = options ?? new EvaluationOptions();
        Options.Validate();
        _objective = objective;
    }

    /// <summary>The evaluation options.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>The objective evaluated.</summary>
    public IObjective Objective => _objective;

    /// <summary>Episodes (objective calls) evaluated so far.</summary>
    public long Evaluations { get; private set; }

    /// <summary>Environment steps taken so far (sum of <see cref="Evaluation.Steps"/>).</summary>
    public long Steps { get; private set; }

    /// <summary>Evaluates <paramref name="population"/> for generation <paramref name="generation"/>, writing each
    /// candidate's mean fitness over K episodes into <paramref name="fitness"/>; returns the steps taken.</summary>
    public long Evaluate(Population population, int generation, Span<double> fitness)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(population);
        if (population.Dimension != _objective.Dimension)
            throw new ArgumentException($"PopulationEvaluator: candidates have {population.Dimension} parameters but the objective takes {_objective.Dimension}.", nameof(population));
        int count = population.Count;
        if (fitness.Length != count)
            throw new ArgumentException($"PopulationEvaluator: fitness has {fitness.Length} slots for {count} candidates.", nameof(fitness));
        EnsureBuffers(count);

        var hooks = _objective as IGenerationHooks;
        hooks?.BeginGeneration(generation, count);

        int threads = Math.Min(Options.MaxDegreeOfParallelism, count);
        while (_workers.Count < threads) _workers.Add(_objective.CreateWorker());
        if (threads == 1)
        {
            RunWorker(_workers[0], population, generation, new CandidateQueue(count));
        }
        else
        {
            var queue = new CandidateQueue(count);
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                w => RunWorker(_workers[w], population, generation, queue));
        }

        for (int i = 0; i < count; i++)
            _failures[i]?.Throw(); // the lowest failing candidate: every candidate before it was evaluated

        long steps = 0;
        for (int i = 0; i < count; i++) steps += _steps[i];
        _fitness.AsSpan(0, count).CopyTo(fitness);
        Evaluations += (long)count * Options.EpisodesPerCandidate;
        Steps += steps;
        hooks?.EndGeneration(generation);
        return steps;
    }

    private void EnsureBuffers(int count)
    {
        if (_fitness.Length < count)
        {
            _fitness = new double[count];
            _steps = new long[count];
            _failures = new ExceptionDispatchInfo?[count];
        }
        Array.Clear(_failures, 0, count);
    }

    private void RunWorker(IObjectiveWorker worker, Population population, int generation, CandidateQueue queue)
    {
        while (queue.TryTake(out int candidate))
        {
            try
            {
                EvaluateCandidate(worker, population[candidate], generation, candidate);
            }
            catch (Exception e)
            {
                _failures[candidate] = ExceptionDispatchInfo.Capture(e);
                queue.Stop(); // candidates already taken finish; no new ones start
            }
        }
    }

    private void EvaluateCandidate(IObjectiveWorker worker, ReadOnlySpan<double> candidate, int generation, int index)
    {
        for (int i = 0; i < candidate.Length; i++)
            if (!double.IsFinite(candidate[i]))
                throw new NonFiniteException($"generation {generation}: candidate {index} has the non-finite parameter {candidate[i]} at index {i}; " +
                    "the search method's update diverged (lower its step size or learning rate). Training stopped.");
        int episodes = Options.EpisodesPerCandidate;
        double sum = 0;
        long steps = 0;
        for (int k = 0; k < episodes; k++)
        {
            int seed = EpisodeSeeds.Derive(Options.Seed, generation, index, k, Options.CommonRandomNumbers);
            var outcome = worker.Evaluate(candidate, new EvaluationContext(generation, index, k, seed));
            if (!double.IsFinite(outcome.Fitness))
                throw new NonFiniteFitnessException(generation, index, k, seed, outcome.Fitness);
            if (outcome.Steps < 0)
                throw new InvalidOperationException($"PopulationEvaluator: the objective reported {outcome.Steps} steps for candidate {index}, episode {k}; steps must be non-negative.");
            sum += outcome.Fitness;
            steps += outcome.Steps;
        }
        _fitness[index] = sum / episodes;
        _steps[index] = steps;
    }

    /// <summary>Releases the workers.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var w in _workers) w.Dispose();
        _workers.Clear();
    }

    /// <summary>Hands out candidate indices in increasing order to whichever worker is free.</summary>
    private sealed class CandidateQueue(int count)
    {
        private int _next = -1;
        private volatile bool _stopped;

        public bool TryTake(out int candidate)
        {
            candidate = -1;
            if (_stopped) return false;
            int i = Interlocked.Increment(ref _next);
            if (i >= count) return false;
            candidate = i;
            return true;
        }

        public void Stop() => _stopped = true;
    }
}
