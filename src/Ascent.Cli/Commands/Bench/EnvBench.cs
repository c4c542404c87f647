using System.CommandLine;
using Ascent.Environments;
using Ascent.Environments.ClassicControl;
using Ascent.Environments.Vector;
using Ascent.Numerics;
using Ascent.Numerics.Kernels;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// <c>ascent bench envs</c>: environment steps per second with uniformly random actions (sampled inside the timed
/// loop, resets included), for a single <c>Envs.Make</c> environment and for vector environments of 64, 1024 and 4096
/// copies — the batched struct-of-arrays implementation, and N separate environments as the in-process comparator.
/// Ratios are against Gymnasium 0.29 measured on this machine (CartPole 199k steps/s single, 130k with
/// SyncVectorEnv×8; Pendulum 30k).
/// </summary>
/// <remarks>
/// <c>steps_per_s</c> is wall-clock (best of <see cref="Timing"/>'s repetitions). On a shared machine it also depends
/// on other processes, so <c>cpu_steps_per_s</c> adds steps per second of this process's CPU time (summed over
/// threads), which other load barely changes.
/// </remarks>
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
        Libm(output, minSeconds);
        foreach (var (id, gymSingle, gymVector) in Cases)
        {
            var single = SingleEnv(id, minSeconds);
            output.Write(("bench", "env"), ("env", id), ("num_envs", 1), ("impl", "single"), ("threads", 1),
                ("steps_per_s", single.Wall), ("vs_gymnasium", single.Wall / gymSingle), ("cpu_steps_per_s", single.Cpu));
            foreach (int n in VectorSizes)
            {
                var batched = Vectorized(id, n, 1, true, minSeconds);
                var separate = Vectorized(id, n, 1, false, minSeconds);
                output.Write(("bench", "env"), ("env", id), ("num_envs", n), ("impl", "batched"), ("threads", 1),
                    ("steps_per_s", batched.Wall), ("vs_gymnasium", batched.Wall / gymVector), ("vs_separate_envs", batched.Wall / separate.Wall),
                    ("cpu_steps_per_s", batched.Cpu));
                output.Write(("bench", "env"), ("env", id), ("num_envs", n), ("impl", "separate"), ("threads", 1),
                    ("steps_per_s", separate.Wall), ("vs_gymnasium", separate.Wall / gymVector), ("cpu_steps_per_s", separate.Cpu));
            }
            if (threads > 1)
            {
                int n = VectorSizes[^1];
                var parallel = Vectorized(id, n, threads, true, minSeconds);
                output.Write(("bench", "env"), ("env", id), ("num_envs", n), ("impl", "batched"), ("threads", threads),
                    ("steps_per_s", parallel.Wall), ("vs_gymnasium", parallel.Wall / gymVector), ("cpu_steps_per_s", parallel.Cpu));
            }
        }
    }

    /// <summary>
    /// The libm calls that bit-exactness forces on every step, per call: they bound the speed of the batched
    /// environments (CartPole: one sin/cos pair of a small angle; Pendulum: one of an unbounded angle).
    /// </summary>
    private static void Libm(BenchOutput output, double minSeconds)
    {
        const int n = 4096;
        var rng = new Rng(2);
        var small = new double[n];
        var large = new double[n];
        for (int i = 0; i < n; i++) { small[i] = rng.Uniform(-0.25, 0.25); large[i] = rng.Uniform(-100, 100); }
        double sink = 0;
        void Op(string name, double[] x, Func<double, double> f)
        {
            double seconds = Timing.BestSecondsPerCall(() => { double acc = 0; foreach (var v in x) acc += f(v); sink += acc; }, minSeconds);
            output.Write(("bench", "libm"), ("op", name), ("ns_per_call", seconds / n * 1e9));
        }
        Op("sincos(|x|<0.25)", small, v => { var (a, b) = Math.SinCos(v); return a + b; });
        Op("sincos(|x|<100)", large, v => { var (a, b) = Math.SinCos(v); return a + b; });

        // The same values through LibmSinCos, bit-identical to the libm calls above where its self-check passes.
        var path = LibmSinCos.BestPath;
        output.Note($"sin/cos in the batched envs: {(path == SimdPath.Scalar ? "libm (no verified vector path on this machine)" : $"LibmSinCos on {path}, self-check passed")}.");
        var sin = new double[n];
        var cos = new double[n];
        void Vectorised(string name, double[] x, bool smallOnly)
        {
            double seconds = Timing.BestSecondsPerCall(() => { LibmSinCos.SinCosOn(path, x, sin, cos, smallOnly); sink += sin[0] + cos[^1]; }, minSeconds);
            output.Write(("bench", "libm"), ("op", name), ("path", path.ToString()), ("ns_per_call", seconds / n * 1e9));
        }
        Vectorised("sincos_simd(|x|<0.25)", small, smallOnly: true);
        Vectorised("sincos_simd(|x|<100)", large, smallOnly: false);
        Op("pow(x,2)", large, v => Math.Pow(v, 2));
        Op("fmod(x,2pi)", large, v => v % (2 * Math.PI));
    }

    /// <summary>Steps per second of wall-clock time (best of <see cref="Timing"/>) and of process CPU time (best of 3 runs of about as long).</summary>
    private static (double Wall, double Cpu) Measure(Action call, double stepsPerCall, double minSeconds)
    {
        double wall = Timing.BestSecondsPerCall(call, minSeconds);
        long calls = Math.Max(1, (long)(minSeconds / wall));
        double cpu = double.MaxValue;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (int r = 0; r < 3; r++)
        {
            process.Refresh();
            var start = process.TotalProcessorTime;
            for (long i = 0; i < calls; i++) call();
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - start).TotalSeconds / calls);
        }
        return (stepsPerCall / wall, cpu > 0 ? stepsPerCall / cpu : double.NaN);
    }

    private static (double Wall, double Cpu) SingleEnv(string id, double minSeconds)
    {
        const int stepsPerCall = 1000;
        using var env = Envs.Make(id);
        var rng = new Rng(1);
        var action = new float[env.ActionSpace.FlatSize];
        env.Reset(0);
        return Measure(() =>
        {
            for (int t = 0; t < stepsPerCall; t++)
            {
                env.ActionSpace.Sample(rng, action);
                var r = env.Step(action);
                if (r.Terminated || r.Truncated) env.Reset();
            }
        }, stepsPerCall, minSeconds);
    }

    private static (double Wall, double Cpu) Vectorized(string id, int numEnvs, int threads, bool batched, double minSeconds)
    {
        using var vec = Envs.MakeVector(id, numEnvs, threads, batched: batched);
        var rng = new Rng(1);
        var actions = new float[numEnvs * vec.ActionSize];
        vec.Reset(0);
        return Measure(() =>
        {
            vec.SampleActions(rng, actions);
            vec.Step(actions);
        }, numEnvs, minSeconds);
    }
}
