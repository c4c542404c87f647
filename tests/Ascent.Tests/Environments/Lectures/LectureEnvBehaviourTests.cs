using Ascent.Environments.Lectures;

namespace Ascent.Tests.Environments.Lectures;

public class LectureEnvBehaviourTests
{
    [Fact]
    public void Specs_ListTheFourLectureEnvironments_WithWorkingEntryPoints()
    {
        Assert.Equal(["ShortCorridor-v0", "AliasedGridworld-v0", "RockPaperScissors-v0", "Chain3-v0"], LectureEnvs.Specs.Select(s => s.Id));
        foreach (var spec in LectureEnvs.Specs)
        {
            using var env = spec.EntryPoint();
            Assert.IsAssignableFrom<FiniteModelEnv>(env);
            Assert.False(string.IsNullOrEmpty(spec.Description));
        }
    }

    [Fact]
    public void ShortCorridor_FollowsTheBooksMoves_AndLooksTheSameEverywhere()
    {
        using var env = new ShortCorridor();
        Assert.Equal(0f, env.Reset(seed: 0).Observation[0]);
        Assert.Equal(0, env.State);
        Assert.Equal(-1.0, env.Step(ShortCorridor.Left).Reward); Assert.Equal(0, env.State);   // left in S0 stays
        env.Step(ShortCorridor.Right); Assert.Equal(1, env.State);
        env.Step(ShortCorridor.Right); Assert.Equal(0, env.State);                               // switched in S1
        env.Step(ShortCorridor.Right); env.Step(ShortCorridor.Left); Assert.Equal(2, env.State);
        var last = env.Step(ShortCorridor.Right);
        Assert.True(last.Terminated);
        Assert.Equal(0f, last.Observation[0]);
        Assert.Equal(ShortCorridor.Goal, env.State);
    }

    [Fact]
    public void StepAfterTermination_StaysInTheAbsorbingStateWithReward0()
    {
        using var env = new ThreeStateChain();
        env.Reset(seed: 0);
        env.Step(ThreeStateChain.Right);
        var goal = env.Step(ThreeStateChain.Right);
        Assert.Equal((10.0, true), (goal.Reward, goal.Terminated));
        var again = env.Step(ThreeStateChain.Left);
        Assert.Equal((0.0, true, false), (again.Reward, again.Terminated, again.Truncated));
        Assert.Equal(ThreeStateChain.Goal, env.State);
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(-1f)]
    [InlineData(0.5f)]
    [InlineData(float.NaN)]
    public void AnActionOutsideTheSpace_NamesTheEnvTheSpaceAndTheValue(float action)
    {
        using var env = new ShortCorridor();
        env.Reset(seed: 0);
        var e = Assert.Throws<ArgumentException>(() => env.Step([action]));
        Assert.Contains("ShortCorridor", e.Message);
        Assert.Contains("Discrete(2)", e.Message);
        Assert.Contains(action.ToString("R", System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void AliasedGridworld_ObservesWallBits_AndBothGreyCellsLookAlike()
    {
        using var env = new AliasedGridworld();
        env.Reset(seed: 0);
        env.State = 0;
        Assert.Equal([1f, 0f, 1f, 0f], env.Step(AliasedGridworld.East).Observation); // cell 1: walls N and S
        env.State = 4;
        Assert.Equal([1f, 0f, 1f, 0f], env.Step(AliasedGridworld.West).Observation); // cell 3: the same
        Assert.Equal(3, env.State);
        var money = env.Step(AliasedGridworld.West);
        Assert.False(money.Terminated);
        money = env.Step(AliasedGridworld.South);
        Assert.Equal((1.0, true), (money.Reward, money.Terminated));
        env.State = 0;
        var skull = env.Step(AliasedGridworld.South);
        Assert.Equal((-1.0, true), (skull.Reward, skull.Terminated));
    }

    [Fact]
    public void RockPaperScissors_OpponentBeatsARepeatedAnswer()
    {
        Assert.Equal(RockPaperScissors.Paper, RockPaperScissors.Beats(RockPaperScissors.Rock));
        Assert.Equal(1, RockPaperScissors.Payoff(RockPaperScissors.Rock, RockPaperScissors.Scissors));
        Assert.Equal(-1, RockPaperScissors.Payoff(RockPaperScissors.Rock, RockPaperScissors.Paper));

        using var env = new RockPaperScissors();
        int losses = 0, rounds = 0;
        for (int episode = 0; episode < 200; episode++)
        {
            var observation = env.Reset(seed: episode).Observation;
            Assert.Equal(RockPaperScissors.FirstRound, (int)observation[0]);
            var answered = new bool[3];
            while (true)
            {
                int opponentLast = (int)observation[0] - 1;
                bool known = opponentLast >= 0 && answered[opponentLast];
                var step = env.Step(RockPaperScissors.Rock); // always rock: predictable
                if (known) { rounds++; if (step.Reward == -1) losses++; }
                if (opponentLast >= 0) answered[opponentLast] = true;
                Assert.Equal(env.LastOpponentMove + 1, (int)step.Observation[0]);
                if (step.Terminated) break;
                observation = step.Observation;
            }
        }
        Assert.True(rounds > 100);
        Assert.Equal(rounds, losses); // every round after the opponent has seen the answer is lost
    }
}
