using System.CommandLine;
using Ascent.Environments;
using Ascent.Environments.Vector;
using Ascent.Numerics;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// <c>ascent bench envs</c>: environment steps per second with uniformly random actions (sampled inside the timed
/// loop, resets included), for a single <c>Envs.Make</c> environment and for vector environments of 64, 1024 and 4096
/// copies — the batched struct-of-arrays implementation, and N separate environments as the in-process comparator.
/// Ratios are against Gymnasium 0.29 measured on this machine (CartPole 199k steps/s single, 130k with
/// SyncVectorEnv×8; Pendulum 30k).
/// </summary>
internal static class EnvBench
{
    private static readonly (string Id, double GymSingle, double GymVector)[] Cases =
    [
        ("CartPole-v1", 199e3, 130e3),
        ("Pendulum-v1", 30e3, 30e3),
    ];

    private static readonly int[] VectorSizes = [64, 1024, 4096];

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per line." };
        var threads = new Option<int>("--threads") { Description = "Also measure the 4096-env batch stepped on this many threads (default 1: single core only).", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--seconds") { Description = "Minimum seconds per timed repetition (default 0.2).", DefaultValueFactory = _ => 0.2 };
        var command = new Command("envs", "Environment steps/s: CartPole-v1 and Pendulum-v1, single env and vectorized (64, 1024, 4096 envs), random actions, one core.")
        {
            json, threads, seconds,
        };
        command.SetAction(parse =>
        {
            int t = parse.GetValue(threads);
            double s = parse.GetValue(seconds);
            if (t < 1 || t > 4096) { parse.InvocationConfiguration.Error.WriteLine($"--threads must be in [1, 4096], got {t}."); return 2; }
            if (!(s > 0 && s <= 60)) { parse.InvocationConfiguration.Error.WriteLine($"--seconds must be in (0, 60], got {s}."); return 2; }
            Run(new BenchOutput(parse.GetValue(json), parse.InvocationConfiguration.Output), t, s);
            return 0;
        });
        return command;
    }

    private static void Run(BenchOutput output, int threads, double minSeconds)
    {
        output.Note($"Environment steps per second, random actions, best of 5 (machine: {Environment.ProcessorCount} cores, possibly shared).");
        foreach (var (id, gymSingle, gymVector) in Cases)
        {
            double single = SingleEnv(id, minSeconds);
            output.Write(("bench", "env"), ("env", id), ("num_envs", 1), ("impl", "single"), ("threads", 1),
                ("steps_per_s", single), ("vs_gymnasium", single / gymSingle));
            foreach (int n in VectorSizes)
            {
                double batched = Vectorized(id, n, 1, true, minSeconds);
                double separate = Vectorized(id, n, 1, false, minSeconds);
                output.Write(("bench", "env"), ("env", id), ("num_envs", n), ("impl", "batched"), ("threads", 1),
                    ("steps_per_s", batched), ("vs_gymnasium", batched / gymVector), ("vs_separate_envs", batched / separate));
                output.Write(("bench", "env"), ("env", id), ("num_envs", n), ("impl", "separate"), ("threads", 1),
                    ("steps_per_s", separate), ("vs_gymnasium", separate / gymVector));
            }
            if (threads > 1)
            {
                int n = VectorSizes[^1];
                double parallel = Vectorized(id, n, threads, true, minSeconds);
                output.Write(("bench", "env"), ("env", id), ("num_envs", n), ("impl", "batched"), ("threads", threads),
                    ("steps_per_s", parallel), ("vs_gymnasium", parallel / gymVector));
            }
        }
    }

    private static double SingleEnv(string id, double minSeconds)
    {
        const int stepsPerCall = 1000;
        using var env = Envs.Make(id);
        var rng = new Rng(1);
        var action = new float[env.ActionSpace.FlatSize];
        env.Reset(0);
        double seconds = Timing.BestSecondsPerCall(() =>
        {
            for (int t = 0; t < stepsPerCall; t++)
            {
                env.ActionSpace.Sample(rng, action);
                var r = env.Step(action);
                if (r.Terminated || r.Truncated) env.Reset();
            }
        }, minSeconds);
        return stepsPerCall / seconds;
    }

    private static double Vectorized(string id, int numEnvs, int threads, bool batched, double minSeconds)
    {
        using var vec = Envs.MakeVector(id, numEnvs, threads, batched: batched);
        var rng = new Rng(1);
        var actions = new float[numEnvs * vec.ActionSize];
        vec.Reset(0);
        double seconds = Timing.BestSecondsPerCall(() =>
        {
            vec.SampleActions(rng, actions);
            vec.Step(actions);
        }, minSeconds);
        return numEnvs / seconds;
    }
}
