namespace Ascent.Tests;

/// <summary>Locates the reference data copied next to the test assembly (tests/Ascent.Tests/data).</summary>
internal static class TestData
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "data", .. parts]);
}
