using Ascent.Mdp;
using Ascent.Numerics;

namespace Ascent.Tests.Mdp;

/// <summary>Random finite MDPs for property tests: discounted ones, and episodic ones (γ = 1) that always terminate.</summary>
internal static class RandomMdp
{
    /// <summary>
    /// A random MDP with <paramref name="terminalStates"/> terminal states at the end. When there are terminal states,
    /// every row of a non-terminal state sends at least probability 0.1 into them, so every policy terminates.
    /// </summary>
    public static FiniteMdp Create(Rng rng, int states, int actions, double gamma, int terminalStates = 0)
    {
        int live = states - terminalStates;
        var p = new double[states, actions, states];
        var r = new double[states, actions];
        var terminal = new bool[states];
        for (int s = live; s < states; s++) terminal[s] = true;
        for (int s = 0; s < live; s++)
            for (int a = 0; a < actions; a++)
            {
                r[s, a] = rng.Normal();
                var row = RandomDistribution(rng, states);
                if (terminalStates > 0)
                {
                    // Mix with a distribution over the terminal states so that termination has probability ≥ 0.1 per step.
                    double toTerminal = 0.1 + 0.3 * rng.NextDouble();
                    double liveMass = row.Take(live).Sum();
                    if (liveMass == 0) { row[0] = 1; liveMass = 1; }
                    for (int next = 0; next < states; next++)
                        row[next] = next < live ? (1 - toTerminal) * row[next] / liveMass : toTerminal / terminalStates;
                }
                for (int next = 0; next < states; next++) p[s, a, next] = row[next];
            }
        var initial = RandomDistribution(rng, live).Concat(new double[terminalStates]).ToArray();
        return new FiniteMdp(gamma, initial, p, r, terminal);
    }

    /// <summary>A random distribution with some exact zeros (sparse rows, as in real MDPs).</summary>
    public static double[] RandomDistribution(Rng rng, int n)
    {
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = rng.NextDouble() < 0.3 ? 0 : -Math.Log(1 - rng.NextDouble());
        if (w.Sum() == 0) w[rng.Integer(n)] = 1;
        double sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    public static double[,] RandomTable(Rng rng, int rows, int columns, double scale = 1)
    {
        var t = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) t[i, j] = scale * rng.Normal();
        return t;
    }
}
