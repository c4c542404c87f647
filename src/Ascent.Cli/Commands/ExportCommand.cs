using System.CommandLine;
using Ascent.Cli.Commands.Train;

namespace Ascent.Cli.Commands;

/// <summary>
/// <c>ascent export MODEL OUTPUT.onnx</c>: writes a saved model's policy as an ONNX model (observation normalisation
/// baked in, deterministic action plus logits or mean and log-std; <c>docs/onnx.md</c>). Works for every algorithm in
/// <see cref="TrainableAlgorithm"/>, since all keep their policy as an actor-critic that describes itself.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "A model or checkpoint file saved by ascent train." };
        var output = new Argument<string>("OUTPUT") { Description = "The ONNX file to write (e.g. policy.onnx); replaced atomically." };
        var command = new Command("export", "Export a saved model's policy to ONNX (normalisation baked in; see docs/onnx.md).") { model, output };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                string target = parse.GetValue(output)!;
                using var loaded = TrainableAlgorithm.Load(parse.GetValue(model)!);
                var graph = loaded.DescribeForOnnx();
                Ascent.Io.Onnx.OnnxExporter.Save(graph, target);
                stdout.WriteLine($"{Path.GetFullPath(target)}: {loaded.AlgorithmName} policy for {loaded.EnvId}, input obs [batch, {graph.ObservationSize}], " +
                    $"outputs {(graph.Head is Ascent.Io.Onnx.OnnxCategoricalHead ? "action, logits" : "action, mean, log_std")}" +
                    (graph.Normalization is null ? "" : "; observation normalisation included"));
                return 0;
            }
            catch (Exception e) when (UserErrors.Is(e))
            {
                error.WriteLine($"ascent export: {UserErrors.Message(e)}");
                return 1;
            }
        });
        return command;
    }
}
