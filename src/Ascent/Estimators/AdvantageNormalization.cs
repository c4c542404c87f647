namespace Ascent.Estimators;

/// <summary>
/// Standardises advantages, <c>Â ← (Â − mean) / (std + ε)</c>, with the unbiased (n − 1) standard deviation as PyTorch's
/// <c>std()</c> (Stable-Baselines3 and CleanRL): a per-batch baseline and scale that keeps the step size comparable
/// across tasks and training stages. A batch of one is only centred (its spread is undefined).
/// </summary>
public static class AdvantageNormalization
{
    /// <summary>Normalises <paramref name="advantages"/> in place; ε defaults to 1e-8.</summary>
    public static void Normalize(Span<float> advantages, float epsilon = 1e-8f)
    {
        int n = advantages.Length;
        if (n == 0) return;
        double mean = 0;
        foreach (float a in advantages) mean += a;
        mean /= n;
        double squares = 0;
        foreach (float a in advantages) squares += (a - mean) * (a - mean);
        double std = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
        double scale = n > 1 ? 1 / (std + epsilon) : 1;
        for (int k = 0; k < n; k++) advantages[k] = (float)((advantages[k] - mean) * scale);
    }
}
