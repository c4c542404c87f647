using System.Globalization;
using Ascent.Algorithms;
using Ascent.Io.Plotting;
using Ascent.Autodiff;
using Ascent.Numerics;
using Ascent.Policies;
using Ascent.Training;
using Ascent.Training.Callbacks;

namespace Ascent.Experiments;

/// <summary>
/// Seed 004's "REINFORCE vs PPO: multiple steps on the same batch" (<c>ascent experiment batch-reuse</c>): the return
/// reached on CartPole-v1 when every batch is used for K = 1…10 gradient steps with (1) the plain policy-gradient
/// pseudo-loss <c>mean Â log π_θ</c> (REINFORCE with a learned baseline, which does not know θ has moved), (2) the
/// importance-weighted surrogate <c>mean ρÂ</c> without clipping, and (3) PPO's clipped surrogate.
/// </summary>
/// <remarks>
/// Everything else is the same PPO engine: 4 environments × 128 steps, one minibatch of the whole 512-step batch per
/// epoch (so K = <c>n_epochs</c> steps per batch), GAE(0.95), γ = 0.99, normalised advantages, Adam 1e-3, gradient clipping
/// 0.5, 64-64 tanh actor and critic, a fixed budget of environment steps. At K = 1 the three objectives have the same
/// gradient (ρ = 1 exactly), so their runs are identical for a seed; the experiment checks this. A second figure shows
/// the exact KL between the policies before and after each update: how far one batch moves the policy.
/// </remarks>
public sealed class BatchReuseExperiment : IExperiment
{
    private static readonly (SurrogateObjective Objective, string Label)[] Objectives =
    [
        (SurrogateObjective.PolicyGradient, "REINFORCE pseudo-loss Â log π (no correction)"),
        (SurrogateObjective.Unclipped, "importance-weighted ρÂ (unclipped)"),
        (SurrogateObjective.Clipped, "PPO clipped surrogate"),
    ];

    /// <summary>The experiment with its defaults: K = 1…10, 100k environment steps per run.</summary>
    public BatchReuseExperiment() : this([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100_000) { }

    /// <summary>The experiment over <paramref name="stepsPerBatch"/> (each ≥ 1) with <paramref name="budget"/> environment steps per run.</summary>
    public BatchReuseExperiment(IReadOnlyList<int> stepsPerBatch, long budget)
    {
        ArgumentNullException.ThrowIfNull(stepsPerBatch);
        if (stepsPerBatch.Count == 0 || stepsPerBatch.Any(k => k < 1))
            throw new ArgumentOutOfRangeException(nameof(stepsPerBatch), $"batch-reuse: every K must be ≥ 1, got [{string.Join(", ", stepsPerBatch)}].");
        if (budget < 512) throw new ArgumentOutOfRangeException(nameof(budget), budget, "batch-reuse: the budget must cover at least one 512-step batch.");
        StepsPerBatch = stepsPerBatch;
        Budget = budget;
    }

    /// <summary>The values of K.</summary>
    public IReadOnlyList<int> StepsPerBatch { get; }

    /// <summary>Environment steps per run.</summary>
    public long Budget { get; }

    /// <inheritdoc />
    public string Name => "batch-reuse";

    /// <inheritdoc />
    public string Description => "REINFORCE vs PPO: K = 1…10 gradient steps on each batch (plain PG, unclipped ratio, clipped ratio) on CartPole-v1";

    /// <inheritdoc />
    public int DefaultRuns => 5;

    /// <summary>The PPO options of one run: objective, K steps per batch, seed.</summary>
    public static PpoOptions Options(SurrogateObjective objective, int k, int seed) => new()
    {
        OnPolicy = new PpoOptions().OnPolicy with { NEnvs = 4, NSteps = 128, Gamma = 0.99, GaeLambda = 0.95, Seed = seed },
        BatchSize = 512,
        NEpochs = k,
        LearningRate = 1e-3,
        Surrogate = objective,
    };

    /// <summary>One run: the final 100-episode mean return and the mean exact <c>KL(π_old ‖ π_new)</c> of an update over its batch.</summary>
    public static (double FinalReturn, double MeanKl) Train(SurrogateObjective objective, int k, int seed, long budget)
    {
        using var model = new Ppo("CartPole-v1", Options(objective, k, seed));
        var movement = new PolicyMovement(model);
        model.Learn(budget, movement, logInterval: 0);
        return (model.Episodes.MeanReturn, movement.MeanKl);
    }

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int runs = options.RunsFor(this);
        int nK = StepsPerBatch.Count, nO = Objectives.Length;
        var jobs = new (double Return, double Kl)[nO, nK, runs];
        int baseSeed = (int)(options.Seed % 1_000_000) * 100;
        Parallel.For(0, nO * nK * runs, new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads ?? Environment.ProcessorCount }, job =>
        {
            int o = job / (nK * runs), ki = job / runs % nK, r = job % runs;
            jobs[o, ki, r] = Train(Objectives[o].Objective, StepsPerBatch[ki], baseSeed + r, Budget);
        });

        double[] xs = [.. StepsPerBatch.Select(k => (double)k)];
        var returns = new LineChart
        {
            Title = "Several gradient steps on the same batch: REINFORCE vs PPO (CartPole-v1)",
            XLabel = "gradient steps per batch K",
            YLabel = "final mean return (last 100 episodes)",
            YMin = 0, YMax = 650,
            Legend = LegendPlacement.TopLeft,
            Caption = $"Return after {Budget / 1000}k environment steps (maximum 500). Same data, same engine, only the policy objective differs; " +
                      $"mean ± standard error over {runs} seeds. At K = 1 the three " +
                      "objectives have the same gradient and the runs coincide. Reusing a batch with the plain policy-gradient loss follows a " +
                      "gradient that is no longer the policy's (the data came from θ_old), and the unclipped ratio corrects that but lets the " +
                      "policy run away along a noisy estimate; PPO's clip zeroes the gradient of every sample whose ratio has left [1 − ε, 1 + ε], " +
                      "so extra steps stop helping instead of hurting.",
        };
        var kls = new LineChart
        {
            Title = "How far one batch moves the policy",
            XLabel = "gradient steps per batch K",
            YLabel = "mean KL(π_old ‖ π_new) per update",
            YScale = AxisScale.Log,
            Legend = LegendPlacement.TopLeft,
            Caption = "The exact KL between the policy that collected a batch and the policy after its K steps, averaged over the batch's " +
                      "states, the updates and the seeds. Without the clip the policy keeps moving with every extra step; with it the movement levels off.",
        };
        var summary = new List<string>();
        for (int o = 0; o < nO; o++)
        {
            var mean = new double[nK]; var se = new double[nK]; var kl = new double[nK];
            for (int ki = 0; ki < nK; ki++)
            {
                var values = Enumerable.Range(0, runs).Select(r => jobs[o, ki, r].Return).ToArray();
                mean[ki] = values.Average();
                se[ki] = runs > 1 ? Math.Sqrt(values.Sum(v => (v - mean[ki]) * (v - mean[ki])) / (runs - 1) / runs) : 0;
                kl[ki] = Enumerable.Range(0, runs).Average(r => jobs[o, ki, r].Kl);
            }
            returns.AddMeanStd(Objectives[o].Label, xs, mean, se, new SeriesStyle { Markers = true });
            kls.AddSeries(Objectives[o].Label, xs, kl, style: new SeriesStyle { Markers = true });
            summary.Add($"{Objectives[o].Label}: " + string.Join(", ", Enumerable.Range(0, nK).Select(ki =>
                string.Create(CultureInfo.InvariantCulture, $"K={StepsPerBatch[ki]} {mean[ki]:F0}±{se[ki]:F0}"))));
        }
        int first = Enumerable.Range(0, nK).FirstOrDefault(ki => StepsPerBatch[ki] == 1, -1);
        if (first >= 0)
        {
            bool same = Enumerable.Range(0, runs).All(r => jobs[0, first, r] == jobs[1, first, r] && jobs[1, first, r] == jobs[2, first, r]);
            summary.Add($"K = 1: the three objectives give identical runs for every seed: {same}");
        }
        var files = new List<string>(ExperimentFiles.Save(returns, options.OutputDirectory, Name));
        files.AddRange(ExperimentFiles.Save(kls, options.OutputDirectory, Name + "-kl"));
        return new ExperimentResult(files, summary);
    }

    /// <summary>
    /// Measures how far each update moves the policy: keeps a copy of π_old when a batch is complete and, once the update
    /// is done, averages the exact <c>KL(π_old(·|s) ‖ π_new(·|s))</c> over the batch's states.
    /// </summary>
    private sealed class PolicyMovement(Ppo model) : TrainingCallback
    {
        private readonly ActorCriticPolicy _old = new(model.Policy.ObservationSpace, model.Policy.ActionSpace, model.Policy.Architecture, new Rng(0));
        private readonly Tape _tape = new();
        private double _sum;
        private int _count;
        private bool _pending;

        public double MeanKl => _count == 0 ? double.NaN : _sum / _count;

        public override void OnRolloutEnd(TrainingContext context)
        {
            _old.CopyParametersFrom(model.Policy);
            _pending = true;
        }

        public override void OnRolloutStart(TrainingContext context) => Measure();

        public override void OnTrainingEnd(TrainingContext context) => Measure();

        private void Measure()
        {
            if (!_pending) return;
            _pending = false;
            _tape.Reset();
            var observations = _tape.Input(model.Buffer.Observations);
            var kl = _tape.Mean(_old.Forward(_tape, observations).Kl(model.Policy.Forward(_tape, observations)));
            _sum += kl.Value[0];
            _count++;
        }
    }
}
