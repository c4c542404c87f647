namespace Ascent.Mdp;

/// <summary>
/// State-action features φ(s,a) ∈ ℝᴰ of a finite MDP, the input of a linear softmax policy
/// π(a|s) ∝ exp(θᵀφ(s,a)) (<see cref="LinearSoftmax"/>).
/// </summary>
/// <remarks>
/// Examples from the lectures: the short corridor's x(s,right) = [1,0], x(s,left) = [0,1] for every s
/// (<see cref="StateIndependent"/>); the aliased gridworld's "wall to the N and a = move E" indicators; and
/// one-hot features, which make the linear softmax the tabular softmax (<see cref="Tabular"/>,
/// <see cref="ObservationIndicators"/>).
/// </remarks>
public sealed class FeatureMap
{
    private readonly double[] _phi; // [(s·A + a)·D + k]

    /// <summary>Creates the features by calling <paramref name="features"/>(s, a, φ) for every pair, φ a zeroed span of length D.</summary>
    public FeatureMap(int states, int actions, int dimension, FeatureWriter features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (states <= 0) throw new ArgumentOutOfRangeException(nameof(states), states, "FeatureMap: the number of states must be positive.");
        if (actions <= 0) throw new ArgumentOutOfRangeException(nameof(actions), actions, "FeatureMap: the number of actions must be positive.");
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "FeatureMap: the feature dimension must be positive.");
        StateCount = states; ActionCount = actions; Dimension = dimension;
        _phi = new double[states * actions * dimension];
        for (int s = 0; s < states; s++)
            for (int a = 0; a < actions; a++)
            {
                var phi = _phi.AsSpan((s * actions + a) * dimension, dimension);
                features(s, a, phi);
                for (int k = 0; k < dimension; k++)
                    if (!double.IsFinite(phi[k])) throw new ArgumentException($"FeatureMap: φ({s},{a})[{k}] = {phi[k]} is not finite.");
            }
    }

    /// <summary>Writes φ(s,a) into <paramref name="phi"/> (already zeroed).</summary>
    public delegate void FeatureWriter(int state, int action, Span<double> phi);

    /// <summary>The number of states S.</summary>
    public int StateCount { get; }

    /// <summary>The number of actions A.</summary>
    public int ActionCount { get; }

    /// <summary>The feature dimension D (the length of θ).</summary>
    public int Dimension { get; }

    /// <summary>φ(s,a).</summary>
    public ReadOnlySpan<double> this[int state, int action] => _phi.AsSpan((state * ActionCount + action) * Dimension, Dimension);

    /// <summary>One-hot features φ(s,a) = e_{s·A+a}: the linear softmax over them is the tabular softmax with θ[s][a] = θ_{s·A+a}.</summary>
    public static FeatureMap Tabular(int states, int actions) =>
        new(states, actions, states * actions, (s, a, phi) => phi[s * actions + a] = 1);

    /// <summary>
    /// One-hot features of (observation, action): φ(s,a) = e_{o(s)·A+a}. The linear softmax over them is a tabular
    /// softmax over observations, θ[o][a], shared by all states with the same observation.
    /// </summary>
    public static FeatureMap ObservationIndicators(ObservationMap observations, int actions)
    {
        ArgumentNullException.ThrowIfNull(observations);
        return new(observations.StateCount, actions, observations.ObservationCount * actions,
            (s, a, phi) => phi[observations[s] * actions + a] = 1);
    }

    /// <summary>Features that depend on the action only: φ(s,a) = <paramref name="perAction"/>[a] for every state.</summary>
    public static FeatureMap StateIndependent(int states, double[][] perAction)
    {
        ArgumentNullException.ThrowIfNull(perAction);
        if (perAction.Length == 0) throw new ArgumentException("FeatureMap.StateIndependent: needs the features of at least one action.");
        int d = perAction[0].Length;
        for (int a = 0; a < perAction.Length; a++)
            if (perAction[a].Length != d) throw new ArgumentException($"FeatureMap.StateIndependent: action {a} has {perAction[a].Length} features, action 0 has {d}.");
        return new(states, perAction.Length, d, (_, a, phi) => perAction[a].CopyTo(phi));
    }
}
