using System.Text.Json;

namespace Ascent.Tests.Environments;

public class EnvCliTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args) => Ascent.Tests.Cli.CliRunner.Run(args);

    [Fact]
    public void EnvCheck_PassesOnEverySharedFile()
    {
        var files = Directory.GetFiles(TestData.Path("gymnasium"), "*-v*.json").Concat(Directory.GetFiles(TestData.Path("gymnasium", "edge"), "*.json")).ToArray();
        Assert.Equal(10, files.Length);
        var (exit, output, error) = Run(["env", "check", .. files]);
        Assert.True(exit == 0, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.All(lines, l => Assert.EndsWith("OK", l.TrimEnd()));
        Assert.Contains(lines, l => l.Contains("CartPole-v1 (public), 20 episodes, 2811 steps checked, 20/20 resets reproduced, largest deviation 0 (bit-exact)"));
        Assert.Contains(lines, l => l.Contains("Acrobot-v1 (edge)") && l.Contains("(1 ulp, within the documented tolerance)"));
    }

    [Fact]
    public void EnvCheck_ExitsNonZeroOnAMismatchAndOnAnUnreadableFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ascent-golden-{Guid.NewGuid():N}.json");
        try
        {
            string json = File.ReadAllText(TestData.Path("gymnasium", "edge", "MountainCar-v0.json"));
            int at = json.IndexOf("\"reward\":-1.0", StringComparison.Ordinal);
            File.WriteAllText(path, json[..at] + "\"reward\":-2.0" + json[(at + "\"reward\":-1.0".Length)..]);
            var (exit, output, _) = Run("env", "check", path);
            Assert.Equal(1, exit);
            Assert.Contains("FAILED: 1 mismatch", output);
            Assert.Contains("step 0 reward: ours -1, Gymnasium -2", output);

            var missing = Run("env", "check", path + ".missing");
            Assert.Equal(1, missing.Exit);
            Assert.Contains($"Golden trajectory file '{path}.missing' does not exist.", missing.Error);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Envs_ListsEveryRegisteredEnvironment()
    {
        var (exit, output, _) = Run("envs");
        Assert.Equal(0, exit);
        Assert.Contains("Pendulum-v1", output);
        Assert.Contains("Box(-2, 2, (1,), float32)", output);
        var json = Run("envs", "--json").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var cart = json.Single(e => e.GetProperty("id").GetString() == "CartPole-v1");
        Assert.Equal(500, cart.GetProperty("max_episode_steps").GetInt32());
        Assert.Equal(475, cart.GetProperty("reward_threshold").GetDouble());
        Assert.Equal("Discrete(2)", cart.GetProperty("action_space").GetString());
        Assert.Equal(JsonValueKind.Null, json.Single(e => e.GetProperty("id").GetString() == "Pendulum-v1").GetProperty("reward_threshold").ValueKind);
    }
}
