using Ascent.Autodiff;
using Ascent.Environments;
using Ascent.Environments.Spaces;
using Ascent.Nn;
using Ascent.Numerics;
using Ascent.Policies;

namespace Ascent.Search;

/// <summary>How a <see cref="PolicyObjective"/> runs its episodes.</summary>
public sealed record PolicyObjectiveOptions
{
    /// <summary>Act with the policy's mode (argmax, Gaussian mean) rather than sampling. Default true.</summary>
    public bool Deterministic { get; init; } = true;

    /// <summary>Normalise observations with the statistics of earlier generations (ARS V2, <see cref="GenerationObservationNormalizer"/>). Default false.</summary>
    public bool NormalizeObservations { get; init; }
}

/// <summary>
/// The black-box objective of policy search: a candidate is a policy's flat parameter vector θ, its fitness the
/// undiscounted return of one episode of π_θ in an environment — <c>J(θ) = E[Σₜ rₜ]</c>, estimated by
/// <see cref="PopulationEvaluator"/> as the mean over K episodes.
/// </summary>
/// <remarks>
/// <para><b>An episode</b>: copy θ (double) into the float32 parameters the policy is searched over; reset the
/// environment with <see cref="EvaluationContext.EpisodeSeed"/>; act until the episode terminates or is truncated
/// (the environment's time limit); return (Σ rewards, steps). Actions come from the mode of π_θ, or, with
/// <see cref="PolicyObjectiveOptions.Deterministic"/> false, are sampled with a generator seeded from the episode seed
/// (a stream apart from the environment's). A categorical action k is sent as <c>Start + k</c>; a Gaussian action is
/// clipped to the action box, as <c>BaseAlgorithm.Predict</c> does.</para>
/// <para><b>Workers</b> (one per thread) each own an environment and a policy made by the factories, and reuse
/// every buffer: after the first episode, stepping allocates nothing.</para>
/// <para><b>Observation normalisation</b> (ARS V2): with <see cref="PolicyObjectiveOptions.NormalizeObservations"/> the
/// policy sees (x − μ)/σ with the statistics of all states of earlier generations, frozen during a generation
/// (<see cref="Normalizer"/>, driven through <see cref="IGenerationHooks"/>).</para>
/// <para><b>Episode records</b>: the return and length of every episode of the last generation are kept per candidate
/// (<see cref="Episode"/>), so a learner can report training episodes in a fixed order. A worker may also evaluate a
/// candidate outside a generation (without <see cref="BeginGeneration"/>, e.g. to replay an episode seed); such episodes
/// are normalised with the frozen statistics but neither recorded nor added to them.</para>
/// </remarks>
public sealed class PolicyObjective : IObjective, IGenerationHooks
{
    private static readonly uint[] ActionStream = [0xAC710];
    private readonly Func<Env> _makeEnv;
    private readonly Func<IPolicy> _makePolicy;
    private readonly Func<IPolicy, ParameterSet> _searched;
    private readonly List<EpisodeStatistics[]> _episodes = [];
    private int[] _recorded = [];
    private int _candidates;
    private bool _generationOpen;

    /// <summary>Creates the objective; each worker calls <paramref name="makeEnv"/> and <paramref name="makePolicy"/> once.</summary>
    /// <param name="makeEnv">Makes an environment (with its episode limit, e.g. <c>() =&gt; Envs.Make("CartPole-v1")</c>).</param>
    /// <param name="makePolicy">Makes a policy for that environment's spaces; every call must give the same architecture
    /// and the same values of any parameters that are not searched.</param>
    /// <param name="searchedParameters">The parameters a candidate sets (null: all of <see cref="IPolicy.Parameters"/>);
    /// e.g. an actor-critic's actor without its log-std.</param>
    /// <param name="options">Deterministic or sampled actions, observation normalisation.</param>
    public PolicyObjective(Func<Env> makeEnv, Func<IPolicy> makePolicy, Func<IPolicy, ParameterSet>? searchedParameters = null, PolicyObjectiveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        ArgumentNullException.ThrowIfNull(makePolicy);
        _makeEnv = makeEnv;
        _makePolicy = makePolicy;
        _searched = searchedParameters ?? (p => p.Parameters);
        Options = options ?? new PolicyObjectiveOptions();
        var policy = makePolicy();
        using (var env = makeEnv())
        {
            CheckSpaces(env, policy);
            ObservationSpace = env.ObservationSpace;
            ActionSpace = env.ActionSpace;
        }
        Dimension = _searched(policy).Size;
        if (Dimension < 1) throw new ArgumentException("PolicyObjective: the parameter count is 0; the policy has no searched parameters.", nameof(searchedParameters));
        if (Options.NormalizeObservations) Normalizer = new GenerationObservationNormalizer(ObservationSpace.FlatSize);
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>The environment's observation space.</summary>
    public Space ObservationSpace { get; }

    /// <summary>The environment's action space.</summary>
    public Space ActionSpace { get; }

    /// <summary>The options.</summary>
    public PolicyObjectiveOptions Options { get; }

    /// <summary>The observation normaliser (null unless <see cref="PolicyObjectiveOptions.NormalizeObservations"/>).</summary>
    public GenerationObservationNormalizer? Normalizer { get; }

    /// <summary>The candidates of the last generation.</summary>
    public int Candidates => _candidates;

    /// <summary>How many episodes candidate <paramref name="candidate"/> of the last generation ran.</summary>
    public int EpisodesOf(int candidate)
    {
        if ((uint)candidate >= (uint)_candidates) throw new ArgumentOutOfRangeException(nameof(candidate), candidate, $"PolicyObjective: candidate must be in [0, {_candidates}).");
        return _recorded[candidate];
    }

    /// <summary>Return and length of episode <paramref name="episode"/> of candidate <paramref name="candidate"/> in the last generation (seconds are 0).</summary>
    public EpisodeStatistics Episode(int candidate, int episode)
    {
        if ((uint)episode >= (uint)EpisodesOf(candidate)) throw new ArgumentOutOfRangeException(nameof(episode), episode, $"PolicyObjective: candidate {candidate} ran {_recorded[candidate]} episodes.");
        return _episodes[candidate][episode];
    }

    /// <inheritdoc/>
    public IObjectiveWorker CreateWorker() => new Worker(this);

    /// <summary>Prepares the episode records (and the normaliser's slots) for <paramref name="candidates"/> candidates.</summary>
    public void BeginGeneration(int generation, int candidates)
    {
        while (_episodes.Count < candidates) _episodes.Add(new EpisodeStatistics[1]);
        if (_recorded.Length < candidates) Array.Resize(ref _recorded, candidates);
        Array.Clear(_recorded, 0, candidates);
        _candidates = candidates;
        _generationOpen = true;
        Normalizer?.BeginGeneration(generation, candidates);
    }

    /// <summary>Closes the generation: merges its states into the normaliser's statistics.</summary>
    public void EndGeneration(int generation)
    {
        _generationOpen = false;
        Normalizer?.EndGeneration(generation);
    }

    /// <summary>Whether <paramref name="candidate"/> belongs to a generation being evaluated (its episodes are recorded).</summary>
    private bool Recording(int candidate) => _generationOpen && candidate < _candidates;

    /// <summary>Writes the environment's action for a policy action: categorical k ↦ <c>Start + k</c>; Gaussian clipped to the box.</summary>
    public static void ToEnvironmentAction(Space actionSpace, ReadOnlySpan<float> policyAction, Span<float> action)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        switch (actionSpace)
        {
            case Discrete d:
                for (int k = 0; k < policyAction.Length; k++) action[k] = policyAction[k] + d.Start;
                break;
            case Box box:
                int n = box.FlatSize;
                for (int k = 0; k < policyAction.Length; k++) action[k] = Math.Clamp(policyAction[k], box.Low[k % n], box.High[k % n]);
                break;
            default:
                policyAction.CopyTo(action);
                break;
        }
    }

    private void Record(in EvaluationContext context, double episodeReturn, long steps)
    {
        if (!Recording(context.Candidate)) return; // evaluated outside a generation: nothing to keep
        var row = _episodes[context.Candidate];
        if (context.Episode >= row.Length)
        {
            Array.Resize(ref row, Math.Max(context.Episode + 1, 2 * row.Length)); // the candidate's own row: only its thread touches it
            _episodes[context.Candidate] = row;
        }
        row[context.Episode] = new EpisodeStatistics(episodeReturn, (int)Math.Min(steps, int.MaxValue), 0);
        _recorded[context.Candidate] = Math.Max(_recorded[context.Candidate], context.Episode + 1);
    }

    private static void CheckSpaces(Env env, IPolicy policy)
    {
        if (env.ObservationSpace.FlatSize != policy.ObservationSpace.FlatSize)
            throw new ArgumentException($"PolicyObjective: the environment {env.Name} observes {env.ObservationSpace} ({env.ObservationSpace.FlatSize} floats) but the policy takes {policy.ObservationSpace} ({policy.ObservationSpace.FlatSize}).");
        bool fits = (env.ActionSpace, policy.ActionSpace) switch
        {
            (Discrete e, Discrete p) => e.N == p.N,
            (Box e, Box p) => e.FlatSize == p.FlatSize,
            _ => false,
        };
        if (!fits) throw new ArgumentException($"PolicyObjective: the environment {env.Name} takes actions in {env.ActionSpace} but the policy produces {policy.ActionSpace}.");
    }

    /// <summary>One thread's environment, policy and buffers.</summary>
    private sealed class Worker : IObjectiveWorker
    {
        private readonly PolicyObjective _objective;
        private readonly Env _env;
        private readonly IPolicy _policy;
        private readonly ParameterSet _searched;
        private readonly float[] _flat, _normalized, _policyAction, _action;

        public Worker(PolicyObjective objective)
        {
            _objective = objective;
            _env = objective._makeEnv();
            _policy = objective._makePolicy();
            CheckSpaces(_env, _policy);
            _searched = objective._searched(_policy);
            if (_searched.Size != objective.Dimension)
                throw new InvalidOperationException($"PolicyObjective: a policy made by the factory has {_searched.Size} searched parameters, the first had {objective.Dimension}.");
            _flat = new float[_searched.Size];
            _normalized = new float[_env.ObservationSpace.FlatSize];
            _policyAction = new float[_env.ActionSpace.FlatSize];
            _action = new float[_env.ActionSpace.FlatSize];
        }

        public Evaluation Evaluate(ReadOnlySpan<double> candidate, in EvaluationContext context)
        {
            for (int i = 0; i < _flat.Length; i++) _flat[i] = (float)candidate[i];
            _searched.CopyValuesFrom(_flat);
            var normalizer = _objective.Normalizer;
            bool inGeneration = _objective.Recording(context.Candidate);
            Rng? rng = _objective.Options.Deterministic ? null : new Rng((ulong)context.EpisodeSeed, ActionStream);
            ReadOnlySpan<float> observation = _env.Reset(context.EpisodeSeed).Observation;
            double episodeReturn = 0;
            long steps = 0;
            while (true)
            {
                var input = observation;
                if (normalizer is not null)
                {
                    if (inGeneration) normalizer.Record(context.Candidate, observation);
                    normalizer.Normalize(observation, _normalized);
                    input = _normalized;
                }
                _policy.Act(input, 1, _policyAction, [], rng);
                if (!IsFinite(_policyAction)) throw NonFiniteAction(context, steps, observation);
                ToEnvironmentAction(_env.ActionSpace, _policyAction, _action);
                var step = _env.Step(_action);
                episodeReturn += step.Reward;
                steps++;
                if (step.Terminated || step.Truncated) break;
                observation = step.Observation;
            }
            _objective.Record(context, episodeReturn, steps);
            return new Evaluation(episodeReturn, steps);
        }

        private static bool IsFinite(ReadOnlySpan<float> values)
        {
            foreach (float v in values) if (!float.IsFinite(v)) return false;
            return true;
        }

        // Names where the non-finite value appeared: in the environment's observation, or in the candidate's parameters.
        private NonFiniteException NonFiniteAction(in EvaluationContext context, long steps, ReadOnlySpan<float> observation)
        {
            string where = $"{_env.Name}: generation {context.Generation}, candidate {context.Candidate}, episode {context.Episode} (seed {context.EpisodeSeed}), step {steps + 1}";
            if (!IsFinite(observation))
                return new NonFiniteException($"{where}: the environment returned the non-finite observation [{string.Join(", ", observation.ToArray())}]. Training stopped.");
            if (!IsFinite(_flat))
                return new NonFiniteException($"{where}: the candidate's parameters are not finite in float32 (the search method's update diverged; lower its step size or learning rate). Training stopped.");
            return new NonFiniteException($"{where}: the policy's action is not finite for a finite observation, so the candidate's parameters are too large " +
                "(the search method's update diverged; lower its step size or learning rate). Training stopped.");
        }

        public void Dispose() => _env.Dispose();
    }
}
