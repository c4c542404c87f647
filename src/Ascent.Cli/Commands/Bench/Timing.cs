using System.Diagnostics;

namespace Ascent.Cli.Commands.Bench;

/// <summary>Wall-clock measurement for benchmarks: warm up, then take the best of several timed repetitions.</summary>
internal static class Timing
{
    /// <summary>
    /// Runs <paramref name="action"/> in batches until each batch lasts at least <paramref name="minSeconds"/>,
    /// repeats <paramref name="repetitions"/> times and returns the best seconds per call.
    /// Best-of is used because other load only ever slows a run down.
    /// </summary>
    public static double BestSecondsPerCall(Action action, double minSeconds = 0.2, int repetitions = 5)
    {
        action(); action(); // JIT and tiering warm-up
        long calls = 1;
        double elapsed;
        while (true)
        {
            var sw = Stopwatch.StartNew();
            for (long i = 0; i < calls; i++) action();
            elapsed = sw.Elapsed.TotalSeconds;
            if (elapsed >= minSeconds / 4 || calls > 1L << 40) break;
            calls *= 2;
        }
        calls = Math.Max(1, (long)Math.Ceiling(calls * minSeconds / Math.Max(elapsed, 1e-9)));
        double best = double.MaxValue;
        for (int r = 0; r < repetitions; r++)
        {
            var sw = Stopwatch.StartNew();
            for (long i = 0; i < calls; i++) action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / calls);
        }
        return best;
    }
}
