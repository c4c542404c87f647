using System.Globalization;
using Ascent.Algorithms;
using Ascent.Algorithms.GradientFree;
using Ascent.Environments;
using Ascent.Io.Config;
using Ascent.Io.Plotting;
using Ascent.Io.Reports;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Search;
using Ascent.Training;
using Ascent.Training.Callbacks;
using PolicyEvaluation = Ascent.Training.Evaluation;

namespace Ascent.Experiments;

/// <summary>
/// Seed 000 on gradient-free search: "often less sample efficient because it ignores temporal structure" — measured on
/// CartPole-v1. CEM, CMA-ES and ES search a linear policy (and ES also the policy-gradient methods' 64-64 MLP) by whole
/// episode returns; batch REINFORCE (reward-to-go, learned baseline), A2C (a critic, n-step advantages) and PPO (a
/// critic, GAE, several clipped epochs per batch) use each step's credit. Every learner runs on one core with its
/// shipped settings; after every iteration (A2C and PPO: every <see cref="ActorCriticEvaluationInterval"/> steps) the
/// policy it would deploy is evaluated on the same 10 episodes (seeds 0–9, mode actions, not counted as training steps or
/// time). The figures show the evaluated return against training steps and against training seconds, mean ± std over
/// the runs.
/// </summary>
public sealed class SearchVsGradient : IExperiment
{
    /// <summary>The training budget of every run, in environment steps.</summary>
    public const long StepBudget = 300_000;

    /// <summary>Episodes of each evaluation (seeds 0, 1, …).</summary>
    public const int EvaluationEpisodes = 10;

    /// <summary>CartPole-v1's reward threshold.</summary>
    public const double Threshold = 475;

    /// <summary>Training steps between two evaluations of A2C and PPO (whose iterations are only 40 and 256 steps).</summary>
    public const long ActorCriticEvaluationInterval = 5_000;

    private const string Env = "CartPole-v1";

    /// <summary>The budget of the untimed warm-up run of each learner.</summary>
    private const long WarmUpSteps = 6_000;

    /// <summary>A learner of the comparison: its label, whether it searches without gradients, and one run.</summary>
    private sealed record Learner(string Label, bool GradientFree, Func<int, Rng, long, LearningCurve> Train);

    private static readonly Learner[] Learners =
    [
        new("CEM, linear", true, (run, _, budget) => Search("cem", run, budget)),
        new("CMA-ES, linear", true, (run, _, budget) => Search("cmaes", run, budget)),
        new("ES, linear", true, (run, _, budget) => Search("es", run, budget)),
        new("ES, 64-64 MLP", true, (run, _, budget) => Search("es", run, budget, "policy=mlp:64,64")),
        new("REINFORCE, 64-64 MLP", false, Reinforce),
        new("A2C, 64-64 MLP", false, (run, _, budget) =>
            ActorCriticRun(new A2c(Env, OptionsBinder.Bind<A2cOptions>(TunedHyperparameters.Section("a2c", Env), [$"seed={run + 1}"])), budget)),
        new("PPO, 64-64 MLP", false, (run, _, budget) =>
            ActorCriticRun(new Ppo(Env, OptionsBinder.Bind<PpoOptions>(TunedHyperparameters.Section("ppo", Env), [$"seed={run + 1}"])), budget)),
    ];

    /// <inheritdoc />
    public string Name => "search-vs-gradient";

    /// <inheritdoc />
    public string Description => "CEM, CMA-ES and ES against REINFORCE, A2C and PPO on CartPole-v1: evaluated return vs environment steps and vs wall time";

    /// <inheritdoc />
    public int DefaultRuns => 5;

    /// <summary>Run <paramref name="run"/> of the search method <paramref name="method"/> with its shipped CartPole settings, on one thread.</summary>
    private static LearningCurve Search(string method, int run, long budget, params string[] overrides)
    {
        using var model = PolicySearchMethods.Find(method).Create(Env, TunedHyperparameters.Section(method, Env),
            [$"seed={run + 1}", "n_threads=1", .. overrides]);
        var recorder = new LearningCurveRecorder();
        recorder.Record(0, () => model.EvaluateCurrent(EvaluationEpisodes).MeanReturn);
        recorder.Start();
        model.Run(SearchBudget.Steps(budget), _ => recorder.Record(model.NumTimesteps, () => model.EvaluateCurrent(EvaluationEpisodes).MeanReturn));
        return recorder.ToCurve();
    }

    /// <summary>Batch REINFORCE as <see cref="CartPoleReinforce"/> trains it, evaluated after every update.</summary>
    private static LearningCurve Reinforce(int run, Rng rng, long budget)
    {
        var (env, policy, value) = CartPoleReinforce.Create(run, rng);
        using (env)
        using (var evaluationEnv = Envs.Make(Env))
        {
            var learner = new BatchReinforce(policy, env, CartPoleReinforce.Options, value);
            var recorder = new LearningCurveRecorder();
            recorder.Record(0, () => ModeReturn(policy, evaluationEnv));
            recorder.Start();
            while (learner.TotalSteps < budget)
            {
                learner.Update(rng);
                recorder.Record(learner.TotalSteps, () => ModeReturn(policy, evaluationEnv));
            }
            return recorder.ToCurve();
        }
    }

    /// <summary>
    /// An actor-critic (A2C, PPO) built with the shipped (RL Zoo) CartPole settings, trained for its own <c>n_timesteps</c>
    /// or <paramref name="budget"/>, whichever is shorter (PPO's learning rate and clip range decay to 0 over its Zoo budget
    /// of 100k steps, so a longer call would change its settings), and evaluated every <see cref="ActorCriticEvaluationInterval"/> steps.
    /// </summary>
    private static LearningCurve ActorCriticRun(BaseAlgorithm algorithm, long budget)
    {
        using var model = algorithm;
        using var evaluationEnv = Envs.Make(Env);
        var recorder = new LearningCurveRecorder();
        long next = ActorCriticEvaluationInterval;
        var callback = new AfterRollout(() =>
        {
            if (model.NumTimesteps < next) return;
            recorder.Record(model.NumTimesteps, () => PolicyEvaluation.Run(model, evaluationEnv, EvaluationEpisodes).MeanReturn);
            while (next <= model.NumTimesteps) next += ActorCriticEvaluationInterval;
        });
        recorder.Record(0, () => PolicyEvaluation.Run(model, evaluationEnv, EvaluationEpisodes).MeanReturn);
        recorder.Start();
        model.Learn(Math.Min(budget, model.DefaultTimesteps), callback, logInterval: 0);
        return recorder.ToCurve();
    }

    /// <summary>The mean return of <see cref="EvaluationEpisodes"/> episodes (seeds 0, 1, …) of <paramref name="policy"/>'s mode.</summary>
    private static double ModeReturn(IPolicy policy, Env env)
    {
        var policyAction = new float[env.ActionSpace.FlatSize];
        var action = new float[env.ActionSpace.FlatSize];
        double total = 0;
        for (int k = 0; k < EvaluationEpisodes; k++)
        {
            var observation = env.Reset(k).Observation;
            while (true)
            {
                policy.Act(observation, 1, policyAction, [], null);
                PolicyObjective.ToEnvironmentAction(env.ActionSpace, policyAction, action);
                var step = env.Step(action);
                total += step.Reward;
                if (step.Terminated || step.Truncated) break;
                observation = step.Observation;
            }
        }
        return total / EvaluationEpisodes;
    }

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int runs = options.RunsFor(this);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var curves = new LearningCurve[Learners.Length, runs];
        // Warm-up: compile every learner's code once, so that no run's wall time includes the JIT.
        Parallel.For(0, Learners.Length, m => Learners[m].Train(0, new Rng(options.Seed, [uint.MaxValue, (uint)m]), WarmUpSteps));
        Parallel.For(0, Learners.Length * runs, new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads ?? Environment.ProcessorCount }, job =>
        {
            int m = job / runs, r = job % runs;
            curves[m, r] = Learners[m].Train(r, new Rng(options.Seed, [(uint)r, (uint)m]), StepBudget);
        });
        double wall = clock.Elapsed.TotalSeconds;

        var bySteps = Chart("Gradient-free search vs policy gradients on CartPole-v1", "training environment steps", AxisScale.Linear);
        bySteps.XMax = StepBudget / 2; // every curve is flat beyond; the CSV holds the whole budget
        var byTime = Chart("… and against wall time (one core per run)", "training seconds (log scale)", AxisScale.Log);
        byTime.XMax = 10 * curves.Cast<LearningCurve>().Max(c => c.Seconds[^1]); // an empty decade on the right holds the legend
        var summary = new List<string>();
        var medians = new (string Label, bool GradientFree, double? Steps, double? Seconds)[Learners.Length];
        for (int m = 0; m < Learners.Length; m++)
        {
            var runCurves = Enumerable.Range(0, runs).Select(r => curves[m, r]).ToArray();
            var style = new SeriesStyle { LineWidth = 1.8, Dashed = !Learners[m].GradientFree };
            AddMeanStd(bySteps, Learners[m].Label, runCurves.Select(c => (c.Steps, c.Returns)).ToList(), log: false, style);
            AddMeanStd(byTime, Learners[m].Label, runCurves.Select(c => (c.Seconds, c.Returns)).ToList(), log: true, style);
            var reached = runCurves.Where(c => c.FirstReaching(Threshold) is not null).ToArray();
            double? steps = Median(reached.Select(c => c.StepsTo(Threshold)!.Value));
            double? seconds = Median(reached.Select(c => c.SecondsTo(Threshold)!.Value));
            medians[m] = (Learners[m].Label, Learners[m].GradientFree, steps, seconds);
            string perRun = string.Join(", ", runCurves.Select(c => Format(c.StepsTo(Threshold), "N0")));
            summary.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Learners[m].Label}: {reached.Length}/{runs} runs reached {Threshold} (median {Format(steps, "N0")} steps, {Format(seconds, "F3")} s); final evaluation {runCurves.Average(c => c.Returns[^1]):F1}; steps to {Threshold} per run: {perRun}"));
        }
        bySteps.Caption = Caption(medians, runs);
        byTime.Caption = "The same runs against training wall time: each run on one core after an untimed warm-up run (no JIT in the times), " +
                         "evaluations excluded, two runs at a time. Search methods evaluate a whole generation of policies, which parallelises " +
                         "across cores (not used here).";
        foreach (var chart in new[] { bySteps, byTime }) chart.AddReferenceLine(Threshold, "threshold 475");
        summary.Add(string.Create(CultureInfo.InvariantCulture, $"{runs} runs per learner, {StepBudget:N0} steps each; wall time {wall:F1} s"));
        var files = ExperimentFiles.Save(bySteps, options.OutputDirectory, Name + "-steps")
            .Concat(ExperimentFiles.Save(byTime, options.OutputDirectory, Name + "-time")).ToArray();
        return new ExperimentResult(files, summary);
    }

    private static LineChart Chart(string title, string xLabel, AxisScale xScale) => new()
    {
        Title = title,
        XLabel = xLabel,
        YLabel = "evaluated return",
        Width = 900,
        Height = 680,
        XScale = xScale,
        YMin = 0,
        YMax = 520,
        Legend = LegendPlacement.BottomRight,
    };

    /// <summary>The caption of the steps figure, written from the measured medians.</summary>
    private static string Caption((string Label, bool GradientFree, double? Steps, double? Seconds)[] medians, int runs)
    {
        static string Steps(double? s) => s is double v ? (v / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : "never";
        var search = medians.Where(m => m.GradientFree).ToArray();
        var gradient = medians.Where(m => !m.GradientFree).ToArray();
        string Median((string Label, bool, double? Steps, double?) m) => $"{m.Label} {Steps(m.Steps)}";
        var comparisons = gradient.Select(g =>
        {
            int faster = search.Count(s => (s.Steps ?? double.PositiveInfinity) < (g.Steps ?? double.PositiveInfinity));
            return $"{faster} of {search.Length} searches needed fewer steps than {g.Label.Split(',')[0]}";
        });
        var esLinear = medians.First(m => m.Label == "ES, linear");
        var esMlp = medians.First(m => m.Label == "ES, 64-64 MLP");
        var criticsAhead = medians.Where(m => m.Label is "A2C, 64-64 MLP" or "PPO, 64-64 MLP" && (m.Steps ?? double.PositiveInfinity) < (esMlp.Steps ?? double.PositiveInfinity))
            .Select(m => m.Label.Split(',')[0]).ToArray();
        var slowest = medians.MaxBy(m => m.Steps ?? double.PositiveInfinity);
        string threshold = Threshold.ToString(CultureInfo.InvariantCulture), count = runs.ToString(CultureInfo.InvariantCulture);
        return
            $"Mean ± std over {count} runs of the deployed policy's return on {EvaluationEpisodes.ToString(CultureInfo.InvariantCulture)} fixed episodes with mode actions, untrained at 0 (dashed: policy gradients; x axis cut at half the {(StepBudget / 1000).ToString(CultureInfo.InvariantCulture)}k-step budget; PPO trains the Zoo's 100k, over which its schedules decay, and keeps its last policy). Median training steps to {threshold}: " +
            $"{string.Join(", ", search.Select(Median))}; {string.Join(", ", gradient.Select(Median))}. {string.Join("; ", comparisons)}. " +
            "Ignoring temporal structure costs search little on CartPole: a policy linear in 4 observations balances the pole, and a failing " +
            "episode ends within a few dozen steps, so whole-episode returns rank candidates cheaply. " +
            $"ES needed {Steps(esLinear.Steps)} steps on the linear policy's 10 weights and {Steps(esMlp.Steps)} on the MLP's 4,610" +
            (criticsAhead.Length == 0 ? ". "
                : $", and on the same network {string.Join(" and ", criticsAhead)}, whose critic{(criticsAhead.Length > 1 ? "s bootstrap" : " bootstraps")} from every step, needed fewer steps than ES. ") +
            $"Slowest: {slowest.Label}.";
    }

    /// <summary>
    /// Mean ± std of the runs on a common grid (log-spaced for a log axis, from the first positive x) spanning every run; a run
    /// holds its last value after its end (its policy stays deployed). Every run starts with the untrained policy at x = 0.
    /// </summary>
    private static void AddMeanStd(LineChart chart, string label, IReadOnlyList<(double[] X, double[] Y)> runs, bool log, SeriesStyle style)
    {
        const int points = 240;
        double lo = log ? runs.Min(r => r.X.First(x => x > 0)) : 0, hi = runs.Max(r => r.X[^1]);
        var grid = new double[points];
        var mean = new double[points];
        var std = new double[points];
        var values = new double[runs.Count];
        for (int p = 0; p < points; p++)
        {
            double f = (double)p / (points - 1);
            grid[p] = log ? lo * Math.Pow(hi / lo, f) : lo + (hi - lo) * f;
            for (int r = 0; r < runs.Count; r++) values[r] = CurveAggregate.Interpolate(runs[r].X, runs[r].Y, grid[p]);
            mean[p] = values.Average();
            std[p] = Math.Sqrt(values.Sum(v => (v - mean[p]) * (v - mean[p])) / values.Length);
        }
        chart.AddMeanStd(label, grid, mean, std, style);
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        int h = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }

    private static string Format(double? value, string format) => value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "never";

    /// <summary>Calls an action when each rollout segment is complete.</summary>
    private sealed class AfterRollout(Action action) : TrainingCallback
    {
        public override void OnRolloutEnd(TrainingContext context) => action();
    }
}
