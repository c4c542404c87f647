namespace Ascent.Mdp;

/// <summary>
/// What an agent sees of each state of a finite MDP: the index o(s) of its observation. States with the same
/// observation are aliased — a policy that acts on observations must act the same way in all of them.
/// </summary>
/// <remarks>
/// The lectures' examples: the short corridor (all states look the same), the aliased gridworld (two grey
/// states with the same walls) and rock-paper-scissors (the opponent's memory is hidden). The exact oracle
/// evaluates an observation-based policy by lifting it to the states, π(a|s) = π(a|o(s)) (<see cref="Lift"/>),
/// and its gradient with respect to θ[o][a] sums the state gradients over the aliased states
/// (<see cref="PolicyEvaluation.ObservationSoftmaxGradient"/>).
/// </remarks>
public sealed class ObservationMap
{
    private readonly int[] _observationOf;
    private readonly string[] _names;

    /// <summary>Creates the map s ↦ o(s) with observations in [0, <paramref name="observationCount"/>).</summary>
    /// <param name="observationOf">The observation index of each state.</param>
    /// <param name="observationCount">The number of distinct observations O.</param>
    /// <param name="names">Optional display names of the observations.</param>
    public ObservationMap(int[] observationOf, int observationCount, string[]? names = null)
    {
        ArgumentNullException.ThrowIfNull(observationOf);
        if (observationCount <= 0) throw new ArgumentOutOfRangeException(nameof(observationCount), observationCount, "ObservationMap: the number of observations must be positive.");
        for (int s = 0; s < observationOf.Length; s++)
            if (observationOf[s] < 0 || observationOf[s] >= observationCount)
                throw new ArgumentOutOfRangeException(nameof(observationOf), $"ObservationMap: state {s} has observation {observationOf[s]}, outside [0, {observationCount}).");
        if (names is not null && names.Length != observationCount)
            throw new ArgumentException($"ObservationMap: {names.Length} names for {observationCount} observations.");
        _observationOf = (int[])observationOf.Clone();
        ObservationCount = observationCount;
        _names = names is null ? Enumerable.Range(0, observationCount).Select(o => o.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() : (string[])names.Clone();
    }

    /// <summary>The identity map of a fully observed MDP: o(s) = s.</summary>
    public static ObservationMap FullyObserved(int states) => new(Enumerable.Range(0, states).ToArray(), states);

    /// <summary>The number of states S.</summary>
    public int StateCount => _observationOf.Length;

    /// <summary>The number of observations O.</summary>
    public int ObservationCount { get; }

    /// <summary>o(s): the observation index of <paramref name="state"/>.</summary>
    public int this[int state] => _observationOf[state];

    /// <summary>The display name of an observation.</summary>
    public string Name(int observation) => _names[observation];

    /// <summary>The state policy π(a|s) = <paramref name="observationPolicy"/>[o(s)][a] of a policy over observations (O×A).</summary>
    public PolicyTable Lift(double[,] observationPolicy)
    {
        ArgumentNullException.ThrowIfNull(observationPolicy);
        if (observationPolicy.GetLength(0) != ObservationCount)
            throw new ArgumentException($"ObservationMap.Lift: the policy has {observationPolicy.GetLength(0)} rows, expected one per observation ({ObservationCount}).");
        int actions = observationPolicy.GetLength(1);
        var p = new double[StateCount, actions];
        for (int s = 0; s < StateCount; s++)
            for (int a = 0; a < actions; a++) p[s, a] = observationPolicy[_observationOf[s], a];
        return new PolicyTable(p);
    }

    /// <summary>Lifts a deterministic policy over observations (one action per observation).</summary>
    public PolicyTable LiftDeterministic(int[] actionOfObservation, int actions)
    {
        ArgumentNullException.ThrowIfNull(actionOfObservation);
        if (actionOfObservation.Length != ObservationCount)
            throw new ArgumentException($"ObservationMap.LiftDeterministic: {actionOfObservation.Length} actions, expected one per observation ({ObservationCount}).");
        return Lift(PolicyTable.Deterministic(actionOfObservation, actions).ToArray());
    }
}
