namespace Ascent.Mdp;

/// <summary>
/// The linear softmax policy π(a|s) = exp(θᵀφ(s,a)) / Σ_b exp(θᵀφ(s,b)) with parameters θ ∈ ℝᴰ shared by all states.
/// </summary>
/// <remarks>
/// Its score is ∇ log π(a|s) = φ(s,a) − Σ_b π(b|s) φ(s,b), so the policy-gradient theorem gives
/// ∇J = Σ_s d(s) Σ_a π(a|s) (φ(s,a) − φ̄(s)) Q(s,a) (<see cref="PolicyEvaluation.LinearSoftmaxGradient"/>).
/// </remarks>
public static class LinearSoftmax
{
    /// <summary>The policy table of θ under the features <paramref name="features"/>.</summary>
    public static PolicyTable Policy(FeatureMap features, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (theta.Length != features.Dimension)
            throw new ArgumentException($"LinearSoftmax: theta has {theta.Length} entries, the features have dimension {features.Dimension}.");
        for (int k = 0; k < theta.Length; k++)
            if (!double.IsFinite(theta[k])) throw new ArgumentException($"theta[{k}] = {theta[k]} is not a finite number.");
        int states = features.StateCount, actions = features.ActionCount;
        var p = new double[states, actions];
        var logits = new double[actions];
        var probabilities = new double[actions];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++) logits[a] = Dot(theta, features[s, a]);
            TabularSoftmax.Softmax(logits, probabilities);
            for (int a = 0; a < actions; a++) p[s, a] = probabilities[a];
        }
        return new PolicyTable(p);
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int k = 0; k < x.Length; k++) sum += x[k] * y[k];
        return sum;
    }
}
