namespace Ascent.Search;

/// <summary>Classic test functions for optimisers (to be minimised; their minimum value is 0).</summary>
public static class TestFunctions
{
    /// <summary>The sphere f(x) = Σ xᵢ², minimum 0 at x = 0.</summary>
    public static double Sphere(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x) sum += v * v;
        return sum;
    }

    /// <summary>Rosenbrock's function f(x) = Σᵢ₌₁ⁿ⁻¹ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², minimum 0 at x = (1, …, 1);
    /// a curved narrow valley, with a second local minimum near (−1, 1, …, 1) for 4 ≤ n ≤ 30.</summary>
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double valley = x[i + 1] - x[i] * x[i];
            double offset = 1 - x[i];
            sum += 100 * valley * valley + offset * offset;
        }
        return sum;
    }
}
