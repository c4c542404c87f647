namespace Ascent.Tests;

/// <summary>Measures what warm code allocates on the test's thread.</summary>
internal static class AllocationProbe
{
    /// <summary>
    /// Bytes <paramref name="action"/> allocates on this thread: the least over <paramref name="runs"/> runs, so a one-off
    /// by the runtime (a tier-up, a lazily built cache, more likely under a parallel test run) is not charged to the code
    /// under test, while an allocation the code makes on every run still is.
    /// </summary>
    public static long Steady(Action action, int runs = 3)
    {
        long least = long.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
