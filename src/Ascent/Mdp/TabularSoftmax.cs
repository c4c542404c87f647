namespace Ascent.Mdp;

/// <summary>
/// The tabular softmax policy π(a|s) = exp θ[s][a] / Σ_b exp θ[s][b], one free parameter per state and action.
/// </summary>
/// <remarks>
/// Its score is ∂ log π(a|s) / ∂θ[s'][b] = 1[s = s'](1[a = b] − π(b|s)), so the policy-gradient theorem
/// gives ∂J/∂θ[s][a] = d(s) π(a|s) A(s,a) (<see cref="PolicyEvaluation.TabularSoftmaxGradient"/>).
/// θ = 0 is the uniform policy.
/// </remarks>
public static class TabularSoftmax
{
    /// <summary>The policy table of θ (S×A), computed stably (the row maximum is subtracted before exp).</summary>
    public static PolicyTable Policy(double[,] theta)
    {
        ArgumentNullException.ThrowIfNull(theta);
        int states = theta.GetLength(0), actions = theta.GetLength(1);
        var p = new double[states, actions];
        var logits = new double[actions];
        var probabilities = new double[actions];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                logits[a] = theta[s, a];
                if (!double.IsFinite(logits[a])) throw new ArgumentException($"theta[{s}][{a}] = {logits[a]} is not a finite number.");
            }
            Softmax(logits, probabilities);
            for (int a = 0; a < actions; a++) p[s, a] = probabilities[a];
        }
        return new PolicyTable(p);
    }

    /// <summary>Writes softmax(<paramref name="logits"/>) into <paramref name="probabilities"/> (max subtracted for stability).</summary>
    internal static void Softmax(ReadOnlySpan<double> logits, Span<double> probabilities)
    {
        double max = double.NegativeInfinity;
        foreach (var h in logits) max = Math.Max(max, h);
        double sum = 0;
        for (int a = 0; a < logits.Length; a++) sum += probabilities[a] = Math.Exp(logits[a] - max);
        for (int a = 0; a < logits.Length; a++) probabilities[a] /= sum;
    }
}
