using Ascent.Environments.ClassicControl;
using Ascent.Environments.Golden;
using Ascent.Environments.Vector;

namespace Ascent.Tests.Environments;

/// <summary>The batched implementations replay Gymnasium's golden episodes bit for bit too, all episodes at once.</summary>
public class BatchedGoldenTests
{
    [Theory]
    [InlineData("CartPole-v1.json")]
    [InlineData("Pendulum-v1.json")]
    [InlineData("edge/Pendulum-v1.json")]
    public void BatchedEnv_ReplaysEveryGoldenEpisodeInParallel(string name)
    {
        var file = GoldenTrajectoryFile.Load(TestData.Path(["gymnasium", .. name.Split('/')]));
        int n = file.Episodes.Count;
        AutoResetVectorEnv vec = file.EnvId == "CartPole-v1" ? new CartPoleVectorEnv(n) : new PendulumVectorEnv(n);
        using var _ = vec;
        vec.Reset(0);
        for (int i = 0; i < n; i++)
        {
            var init = file.Episodes[i].InitialState;
            if (vec is CartPoleVectorEnv c) c.SetState(i, init); else ((PendulumVectorEnv)vec).SetState(i, init);
            Assert.Equal(file.Episodes[i].InitialObs.Select(v => (float)v), vec.Observation(i).ToArray());
        }
        var actions = new float[n];
        int longest = file.Episodes.Max(e => e.Length), compared = 0;
        for (int t = 0; t < longest; t++)
        {
            for (int i = 0; i < n; i++) actions[i] = t < file.Episodes[i].Length ? (float)file.Episodes[i].Steps[t].Action[0] : 0f;
            vec.Step(actions);
            for (int i = 0; i < n; i++)
            {
                var ep = file.Episodes[i];
                if (t >= ep.Length) continue; // finished: the env was reset and plays on
                var g = ep.Steps[t];
                var obs = vec.IsDone(i) ? vec.FinalObservation(i) : vec.Observation(i);
                Assert.Equal(g.Obs.Select(v => (float)v), obs.ToArray());
                Assert.Equal(g.Reward, vec.Rewards[i]);
                Assert.Equal(g.Terminated, vec.Terminated[i]);
                Assert.Equal(g.Truncated, vec.Truncated[i]);
                if (!vec.IsDone(i))
                    Assert.Equal(g.State, vec is CartPoleVectorEnv c ? c.GetState(i) : ((PendulumVectorEnv)vec).GetState(i));
                compared++;
            }
        }
        Assert.Equal(file.Episodes.Sum(e => e.Length), compared);
    }
}
