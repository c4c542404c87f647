using System.CommandLine;
using System.Globalization;
using Ascent.Mdp;

namespace Ascent.Cli.Commands.Mdp;

/// <summary>
/// <c>ascent mdp solve MDP.json [--theta THETA.json] [--json]</c>: the exact J, V, Q, visitation d and policy gradient
/// ∂J/∂θ[s][a] of the tabular softmax policy π(a|s) ∝ exp θ[s][a] (θ = 0, the uniform policy, by default).
/// </summary>
internal static class MdpSolveCommand
{
    public static Command Create()
    {
        var mdpFile = new Argument<FileInfo>("MDP.json") { Description = "The MDP: {\"gamma\", \"initial\", \"transitions\", \"rewards\", \"terminal\"?}." };
        var thetaFile = new Option<FileInfo?>("--theta") { Description = "Tabular softmax parameters {\"theta\": [S][A]}; default all zeros (uniform policy)." };
        var json = new Option<bool>("--json") { Description = "Print {\"J\", \"grad\", \"V\", \"Q\", \"d\"} as one JSON object." };
        var command = new Command("solve", "Exact J, V, Q, visitation d and policy gradient of a tabular softmax policy.")
        {
            mdpFile, thetaFile, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var mdpPath = parse.GetValue(mdpFile)!.FullName;
                var thetaPath = parse.GetValue(thetaFile)?.FullName;
                var mdp = MdpJson.LoadMdp(mdpPath);
                var theta = thetaPath is null
                    ? new double[mdp.StateCount, mdp.ActionCount]
                    : MdpJson.LoadTheta(thetaPath, mdp.StateCount, mdp.ActionCount);
                PolicyEvaluation evaluation;
                try
                {
                    evaluation = MdpOracle.EvaluateTabularSoftmax(mdp, theta);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"{mdpPath}: {UserErrors.Message(e)}", e); // e.g. gamma = 1 and the policy never terminates
                }
                var gradient = evaluation.TabularSoftmaxGradient();
                if (parse.GetValue(json)) WriteJson(output, evaluation, gradient);
                else WriteTable(output, parse.GetValue(mdpFile)!.Name, thetaPath is null ? null : parse.GetValue(thetaFile)!.Name, evaluation, gradient);
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                error.WriteLine($"error: {UserErrors.Message(e)}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>{"J": x, "grad": [S][A], "V": [S], "Q": [S][A], "d": [S]} on one line; undefined values (NaN) are null.</summary>
    private static void WriteJson(TextWriter output, PolicyEvaluation e, double[,] gradient) => MdpJsonOutput.WriteObject(output, writer =>
    {
        writer.WritePropertyName("J"); MdpJsonOutput.Number(writer, e.J);
        writer.WritePropertyName("grad"); MdpJsonOutput.Table(writer, gradient);
        writer.WritePropertyName("V"); MdpJsonOutput.Vector(writer, e.V);
        writer.WritePropertyName("Q"); MdpJsonOutput.Table(writer, e.Q);
        writer.WritePropertyName("d"); MdpJsonOutput.Vector(writer, e.Visitation);
    });

    /// <summary>A table with one row per state and action: d(s) and V(s) on the state's first row, then π, Q, A and ∂J/∂θ.</summary>
    private static void WriteTable(TextWriter output, string mdpName, string? thetaName, PolicyEvaluation e, double[,] gradient)
    {
        var mdp = e.Mdp;
        int terminal = Enumerable.Range(0, mdp.StateCount).Count(mdp.IsTerminal);
        output.WriteLine($"{mdpName}: {mdp.StateCount} states ({terminal} terminal), {mdp.ActionCount} actions, gamma = {F(mdp.Gamma)}");
        output.WriteLine(thetaName is null
            ? "policy: tabular softmax pi(a|s) ∝ exp theta[s][a] with theta = 0 (uniform)"
            : $"policy: tabular softmax pi(a|s) ∝ exp theta[s][a] with theta from {thetaName}");
        output.WriteLine($"J = mu0ᵀV = {F(e.J)}");
        output.WriteLine();
        output.WriteLine($"{"state",5} {"d(s)",14} {"V(s)",14} {"action",6} {"pi(a|s)",10} {"Q(s,a)",14} {"A(s,a)",14} {"dJ/dtheta[s][a]",16}");
        for (int s = 0; s < mdp.StateCount; s++)
        {
            if (mdp.IsTerminal(s))
            {
                output.WriteLine($"{s,5} {"terminal",14} {F(0),14}");
                continue;
            }
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                string stateColumns = a == 0 ? $"{s,5} {F(e.Visitation[s]),14} {F(e.V[s]),14}" : new string(' ', 35);
                output.WriteLine($"{stateColumns} {a,6} {F(e.Policy[s, a]),10} {F(e.Q[s, a]),14} {F(e.Advantage[s, a]),14} {F(gradient[s, a]),16}");
            }
        }
    }

    private static string F(double value) => double.IsNaN(value) ? "undefined" : value.ToString("G10", CultureInfo.InvariantCulture);
}
