using System.CommandLine;
using System.Globalization;
using Ascent.Estimators;
using Ascent.Mdp;

namespace Ascent.Cli.Commands.Mdp;

/// <summary>
/// <c>ascent mdp estimate MDP.json --estimator E [--baseline B] [--behavior THETA_B.json] [--theta THETA.json] --episodes N --seed S [--json]</c>:
/// the mean and standard error of a sampled score-function estimate of ∂J/∂θ[s][a] for the tabular softmax policy,
/// next to the exact gradient.
/// </summary>
internal static class MdpEstimateCommand
{
    public static Command Create()
    {
        var mdpFile = new Argument<FileInfo>("MDP.json") { Description = "The MDP: {\"gamma\", \"initial\", \"transitions\", \"rewards\", \"terminal\"?}." };
        var estimator = new Option<string>("--estimator")
        {
            Description = "The estimator: total (R(τ)·Σ∇log π), reward-to-go, pseudo-loss (reward-to-go through autodiff), is-trajectory, is-per-decision.",
            Required = true,
        };
        estimator.AcceptOnlyFromAmong([.. EstimatorNames.Estimators]);
        var baseline = new Option<string>("--baseline") { Description = "The baseline: none, mean (leave-one-out average return), optimal (b* = E[‖g‖²R]/E[‖g‖²]), optimal-per-component.", DefaultValueFactory = _ => "none" };
        baseline.AcceptOnlyFromAmong([.. EstimatorNames.Baselines]);
        var behavior = new Option<FileInfo?>("--behavior") { Description = "The behaviour policy's parameters {\"theta\": [S][A]} (importance-sampling estimators only)." };
        var thetaFile = new Option<FileInfo?>("--theta") { Description = "The policy's parameters {\"theta\": [S][A]}; default all zeros (uniform)." };
        var episodes = new Option<int>("--episodes") { Description = "Episodes to sample (≥ 1).", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling.", DefaultValueFactory = _ => 0UL };
        var maxRatio = new Option<double?>("--max-ratio") { Description = "Truncate each importance ratio at this value (biased; default none)." };
        var json = new Option<bool>("--json") { Description = "Print {\"mean\": [S][A], \"stderr\": [S][A], \"exact\": [S][A]} as one JSON object." };
        var command = new Command("estimate", "Sampled policy gradient (mean ± standard error) of a tabular softmax policy next to the exact gradient.")
        {
            mdpFile, estimator, baseline, behavior, thetaFile, episodes, seed, maxRatio, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var mdpPath = parse.GetValue(mdpFile)!.FullName;
                var mdp = MdpJson.LoadMdp(mdpPath);
                var thetaPath = parse.GetValue(thetaFile)?.FullName;
                var theta = thetaPath is null ? new double[mdp.StateCount, mdp.ActionCount] : MdpJson.LoadTheta(thetaPath, mdp.StateCount, mdp.ActionCount);
                var behaviorPath = parse.GetValue(behavior)?.FullName;
                var behaviorTheta = behaviorPath is null ? null : MdpJson.LoadTheta(behaviorPath, mdp.StateCount, mdp.ActionCount);
                int n = parse.GetValue(episodes);
                if (n < 1) throw new ArgumentException($"--episodes: {n} is outside the allowed range [1, ∞).");
                var ratio = parse.GetValue(maxRatio);
                if (ratio is double c && !(c > 0)) throw new ArgumentException($"--max-ratio: {c} is outside the allowed range (0, ∞).");
                string estimatorName = parse.GetValue(estimator)!, baselineName = parse.GetValue(baseline)!;
                MdpGradientEstimate result;
                try
                {
                    result = MdpEstimate.Run(mdp, theta, estimatorName, baselineName, behaviorTheta, n, parse.GetValue(seed), ratio);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"{mdpPath}: {UserErrors.Message(e)}", e);
                }
                if (parse.GetValue(json))
                    MdpJsonOutput.WriteObject(output, writer =>
                    {
                        writer.WritePropertyName("mean"); MdpJsonOutput.Table(writer, result.Mean);
                        writer.WritePropertyName("stderr"); MdpJsonOutput.Table(writer, result.StandardError);
                        writer.WritePropertyName("exact"); MdpJsonOutput.Table(writer, result.Exact);
                    });
                else WriteTable(output, parse.GetValue(mdpFile)!.Name, estimatorName, baselineName, mdp, result);
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                error.WriteLine($"error: {UserErrors.Message(e)}");
                return 1;
            }
        });
        return command;
    }

    private static void WriteTable(TextWriter output, string mdpName, string estimator, string baseline, FiniteMdp mdp, MdpGradientEstimate r)
    {
        output.WriteLine($"{mdpName}: {mdp.StateCount} states, {mdp.ActionCount} actions, gamma = {F(mdp.Gamma)}");
        output.WriteLine($"estimator {estimator}, baseline {baseline}: {r.Episodes} episodes, {r.Steps} steps" +
            (mdp.Gamma < 1 ? $" (episodes end with probability 1 - gamma = {F(1 - mdp.Gamma)} per step)" : ""));
        output.WriteLine($"variance of one episode's estimate (sum over components) = {F(r.TotalVariance)}; largest |mean - exact| = {r.LargestStandardizedError():F2} standard errors");
        output.WriteLine();
        output.WriteLine($"{"state",5} {"action",6} {"mean",14} {"stderr",12} {"exact",14} {"z",7}");
        for (int s = 0; s < mdp.StateCount; s++)
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                double z = r.StandardError[s, a] > 0 ? (r.Mean[s, a] - r.Exact[s, a]) / r.StandardError[s, a] : 0;
                output.WriteLine($"{s,5} {a,6} {F(r.Mean[s, a]),14} {F(r.StandardError[s, a]),12} {F(r.Exact[s, a]),14} {z,7:F2}");
            }
    }

    private static string F(double value) => value.ToString("G8", CultureInfo.InvariantCulture);
}
