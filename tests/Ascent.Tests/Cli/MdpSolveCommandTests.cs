using System.CommandLine;
using System.Text.Json;
using Ascent.Cli;
using Ascent.Environments.Lectures;
using Ascent.Mdp;

namespace Ascent.Tests.Cli;

/// <summary><c>ascent mdp solve</c>, run in-process with its output and error streams captured.</summary>
public class MdpSolveCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    private static string Data(string name) => TestData.Path("mdp", name);

    [Fact]
    public void TheDataFiles_AreTheLectureEnvironmentsModels()
    {
        Assert.Equal(MdpJson.FormatMdp(new ShortCorridor().Model), MdpJson.FormatMdp(MdpJson.LoadMdp(Data("short-corridor.json"))));
        Assert.Equal(MdpJson.FormatMdp(new ThreeStateChain().Model), MdpJson.FormatMdp(MdpJson.LoadMdp(Data("chain3.json"))));
    }

    [Fact]
    public void Json_AtPStar_GivesTheBooksOptimum_AndAZeroGradient()
    {
        var (code, output, error) = Run("mdp", "solve", Data("short-corridor.json"), "--theta", Data("short-corridor-pstar.theta.json"), "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["J", "grad", "V", "Q", "d"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(-(6 + 4 * Math.Sqrt(2)), root.GetProperty("J").GetDouble(), 10);
        Assert.Equal(4, root.GetProperty("V").GetArrayLength());
        Assert.Equal(2, root.GetProperty("Q")[0].GetArrayLength());
        // With one θ row per state the tabular gradient need not vanish per state, but summed over the aliased
        // states (all look alike in the book) it does: that is the condition for p* among shared-θ policies.
        var grad = root.GetProperty("grad");
        for (int a = 0; a < 2; a++)
            Assert.Equal(0.0, Enumerable.Range(0, 4).Sum(s => grad[s][a].GetDouble()), 10);
    }

    [Fact]
    public void Json_MatchesTheOracle_ForTheDefaultUniformPolicy()
    {
        var (code, output, error) = Run("mdp", "solve", Data("chain3.json"), "--json");
        Assert.True(code == 0, error);
        var expected = MdpOracle.EvaluateTabularSoftmax(new ThreeStateChain().Model, new double[3, 2]);
        var gradient = expected.TabularSoftmaxGradient();
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(expected.J, root.GetProperty("J").GetDouble());
        for (int s = 0; s < 3; s++)
        {
            Assert.Equal(expected.V[s], root.GetProperty("V")[s].GetDouble());
            Assert.Equal(expected.Visitation[s], root.GetProperty("d")[s].GetDouble());
            for (int a = 0; a < 2; a++)
            {
                Assert.Equal(expected.Q[s, a], root.GetProperty("Q")[s][a].GetDouble());
                Assert.Equal(gradient[s, a], root.GetProperty("grad")[s][a].GetDouble());
            }
        }
    }

    [Fact]
    public void HumanReadableOutput_ShowsJAndOneRowPerStateAndAction()
    {
        var (code, output, _) = Run("mdp", "solve", Data("short-corridor.json"));
        Assert.Equal(0, code);
        Assert.Contains("4 states (1 terminal), 2 actions, gamma = 1", output);
        Assert.Contains("theta = 0 (uniform)", output);
        double j = MdpOracle.EvaluateTabularSoftmax(new ShortCorridor().Model, new double[4, 2]).J;
        Assert.Contains($"J = mu0ᵀV = {j.ToString("G10", System.Globalization.CultureInfo.InvariantCulture)}", output);
        Assert.Contains("terminal", output.Split('\n').Last(l => l.Trim().Length > 0));
        Assert.Equal(3 + 1 + 3 * 2 + 1, output.Split('\n').Count(l => l.Trim().Length > 0)); // 3 header lines, header row, 6 rows, goal
    }

    [Theory]
    [InlineData("bad-row.json", "transitions[1][0] sums to 0.9")]
    [InlineData("gamma-out-of-range.json", "gamma: 1.2 is outside the allowed range [0, 1]")]
    [InlineData("wrong-sizes.json", "rewards[1]: 3 entries, expected 2")]
    [InlineData("never-terminates.json", "gamma = 1 but the policy never terminates from state 0")]
    [InlineData("missing.json", "Could not find file")]
    public void InvalidFiles_ExitNonZero_WithTheMessageAndNoStackTrace(string file, string message)
    {
        var (code, output, error) = Run("mdp", "solve", Data(file));
        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
        Assert.StartsWith("error: ", error);
    }

    [Fact]
    public void AThetaOfTheWrongShape_IsRejectedNamingIt()
    {
        var (code, _, error) = Run("mdp", "solve", Data("short-corridor.json"), "--theta", Data("theta-wrong-shape.json"));
        Assert.Equal(1, code);
        Assert.Contains("theta-wrong-shape.json: theta[0]: 3 entries, expected 2", error);
    }
}
