namespace Ascent.Estimators;

/// <summary>
/// How much of the variance of the critic's targets its predictions explain: <c>1 − Var[y − ŷ] / Var[y]</c>
/// (1 perfect, 0 no better than a constant, negative worse). NaN when the targets do not vary.
/// </summary>
public static class ExplainedVariance
{
    /// <summary>The explained variance of <paramref name="predictions"/> for <paramref name="targets"/> (population variances).</summary>
    public static double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        if (predictions.Length != targets.Length)
            throw new ArgumentException($"ExplainedVariance: {predictions.Length} predictions for {targets.Length} targets.");
        int n = targets.Length;
        if (n == 0) return double.NaN;
        double meanY = 0, meanE = 0;
        for (int k = 0; k < n; k++) { meanY += targets[k]; meanE += targets[k] - (double)predictions[k]; }
        meanY /= n; meanE /= n;
        double varY = 0, varE = 0;
        for (int k = 0; k < n; k++)
        {
            double y = targets[k] - meanY, e = targets[k] - (double)predictions[k] - meanE;
            varY += y * y; varE += e * e;
        }
        return varY == 0 ? double.NaN : 1 - varE / varY;
    }
}
