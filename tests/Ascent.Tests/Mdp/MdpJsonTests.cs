using Ascent.Mdp;
using Ascent.Numerics;

namespace Ascent.Tests.Mdp;

public class MdpJsonTests
{
    private const string Corridor = """
        {"gamma": 1, "initial": [1, 0, 0, 0],
         "transitions": [[[0,1,0,0],[1,0,0,0]], [[1,0,0,0],[0,0,1,0]], [[0,0,0,1],[0,1,0,0]], [[0,0,0,1],[0,0,0,1]]],
         "rewards": [[-1,-1],[-1,-1],[-1,-1],[0,0]],
         "terminal": [false, false, false, true]}
        """;

    private static string ErrorOf(string json) => Assert.Throws<InvalidDataException>(() => MdpJson.ParseMdp(json)).Message;

    [Fact]
    public void ParseMdp_ReadsTheDocumentedFormat()
    {
        var mdp = MdpJson.ParseMdp(Corridor);
        Assert.Equal((4, 2, 1.0), (mdp.StateCount, mdp.ActionCount, mdp.Gamma));
        Assert.True(mdp.IsTerminal(3));
        Assert.Equal(1.0, mdp.Transition(1, 1, 2));
    }

    [Fact]
    public void FormatMdp_RoundTripsExactly()
    {
        var mdp = RandomMdp.Create(new Rng(3), 5, 3, 0.97, terminalStates: 1);
        var copy = MdpJson.ParseMdp(MdpJson.FormatMdp(mdp));
        Assert.Equal(mdp.Gamma, copy.Gamma);
        Assert.Equal(mdp.Initial.ToArray(), copy.Initial.ToArray());
        Assert.Equal(mdp.TransitionsToArray(), copy.TransitionsToArray());
        Assert.Equal(mdp.RewardsToArray(), copy.RewardsToArray());
        Assert.Equal(mdp.TerminalToArray(), copy.TerminalToArray());
    }

    [Fact]
    public void Theta_RoundTripsAndIsShapeChecked()
    {
        var theta = RandomMdp.RandomTable(new Rng(4), 3, 2);
        Assert.Equal(theta, MdpJson.ParseTheta(MdpJson.FormatTheta(theta), 3, 2));
        var e = Assert.Throws<InvalidDataException>(() => MdpJson.ParseTheta(MdpJson.FormatTheta(theta), 4, 2));
        Assert.Contains("theta: 3 entries, expected 4", e.Message);
        e = Assert.Throws<InvalidDataException>(() => MdpJson.ParseTheta("""{"theta": [[0, 0], [0], [0, 0]]}""", 3, 2));
        Assert.Contains("theta[1]: 1 entries, expected 2", e.Message);
    }

    [Theory]
    [InlineData("""{"gamma": 0.9, "initial": [1], "transitions": [[[1]]]}""", "missing field \"rewards\"")]
    [InlineData("""{"gama": 0.9, "initial": [1], "transitions": [[[1]]], "rewards": [[0]]}""", "unknown field \"gama\"")]
    [InlineData("""{"gamma": "0.9", "initial": [1], "transitions": [[[1]]], "rewards": [[0]]}""", "gamma: expected a number, found the string \"0.9\"")]
    [InlineData("""{"gamma": 1.5, "initial": [1], "transitions": [[[1]]], "rewards": [[0]]}""", "gamma: 1.5 is outside the allowed range [0, 1]")]
    [InlineData("""{"gamma": 0.9, "initial": [1, 0], "transitions": [[[1, 0]]], "rewards": [[0], [0]]}""", "transitions: 1 entries, expected 2")]
    [InlineData("""{"gamma": 0.9, "initial": [1, 0], "transitions": [[[1, 0]], [[1, 0], [0, 1]]], "rewards": [[0], [0]]}""", "transitions[1]: 2 entries, expected 1")]
    [InlineData("""{"gamma": 0.9, "initial": [1, 0], "transitions": [[[1, 0]], [[1]]], "rewards": [[0], [0]]}""", "transitions[1][0]: 1 entries, expected 2")]
    [InlineData("""{"gamma": 0.9, "initial": [1, 0], "transitions": [[[1, 0]], [[0.6, 0.3]]], "rewards": [[0], [0]]}""", "transitions[1][0] sums to 0.9")]
    [InlineData("""{"gamma": 0.9, "initial": [1, 0], "transitions": [[[1, 0]], [[0, 1]]], "rewards": [[0], [0, 1]]}""", "rewards[1]: 2 entries, expected 1")]
    [InlineData("""{"gamma": 0.9, "initial": [1, 0], "transitions": [[[1, 0]], [[0, 1]]], "rewards": [[0], [0]], "terminal": [false, 1]}""", "terminal[1]: expected true or false, found 1")]
    [InlineData("""{"gamma": 0.9, "initial": [1], "transitions": [[[1]]], "rewards": [[1e999]]}""", "rewards[0][0]: 1e999 is out of the range of a double")]
    [InlineData("""{"gamma": 0.9, "initial": [1], "transitions": [[[1]]], "rewards": [[0]],}""", "not valid JSON")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    [InlineData("""{"gamma": 0.9, "initial": [], "transitions": [], "rewards": []}""", "initial: the array is empty")]
    public void InvalidFiles_GiveAnErrorNamingTheField(string json, string expected) => Assert.Contains(expected, ErrorOf(json));

    [Fact]
    public void LoadMdp_PrefixesErrorsWithTheFileName()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ascent-mdp-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"gamma": 2, "initial": [1], "transitions": [[[1]]], "rewards": [[0]]}""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => MdpJson.LoadMdp(path));
            Assert.StartsWith(path + ": gamma: 2", e.Message);
        }
        finally { File.Delete(path); }
    }
}
