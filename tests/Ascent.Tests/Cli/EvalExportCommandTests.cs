using Ascent.Algorithms;
using Ascent.Environments;
using Ascent.Io.Config;
using Ascent.Tests.Io;
using Ascent.Tests.Io.Onnx;
using Ascent.Training;

namespace Ascent.Tests.Cli;

/// <summary>
/// <c>ascent eval</c> and <c>ascent export</c> on saved models: any learner through the registry, damaged files and
/// models for other environments rejected with clear messages, and an exported policy that ONNX Runtime runs exactly as
/// <see cref="BaseAlgorithm.Predict(ReadOnlySpan{float}, Span{float}, bool)"/> does.
/// </summary>
public sealed class EvalExportCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SaveA2c(string envId, int steps, params string[] settings) => Save("a2c", envId, steps, settings);

    /// <summary>Trains <paramref name="algorithm"/> (a2c or reinforce) from its tuned settings and <paramref name="settings"/> and saves it.</summary>
    private string Save(string algorithm, string envId, int steps, params string[] settings)
    {
        var section = TunedHyperparameters.Section(algorithm, envId);
        using BaseAlgorithm model = algorithm == "reinforce"
            ? new Reinforce(envId, OptionsBinder.Bind<ReinforceOptions>(section, settings))
            : new A2c(envId, OptionsBinder.Bind<A2cOptions>(section, settings));
        model.Learn(steps, logInterval: 0);
        string path = Path.Combine(_dir.Path, $"{envId}-{Guid.NewGuid():N}.zip");
        model.Save(path);
        return path;
    }

    [Fact]
    public void Eval_PrintsMeanAndStd_TheSameAsEvaluationRun()
    {
        string path = SaveA2c("CartPole-v1", 4000, "seed=1", "n_envs=4");
        var (code, output, error) = CliRunner.Run("eval", path, "--episodes", "4", "--seed", "7", "--json");
        Assert.True(code == 0, error);
        var json = CliRunner.LastJsonLine(output);
        using var model = A2c.Load(path);
        using var env = Envs.Make("CartPole-v1");
        var expected = Evaluation.Run(model, env, 4, firstSeed: 7);
        Assert.Equal(expected.MeanReturn, json.GetProperty("mean_return").GetDouble(), 9);
        Assert.Equal(expected.StdReturn, json.GetProperty("std_return").GetDouble(), 9);
        Assert.Equal("a2c", json.GetProperty("algo").GetString());
        Assert.Equal(4, json.GetProperty("returns").GetArrayLength());

        (code, output, error) = CliRunner.Run("eval", path, "-n", "2");
        Assert.True(code == 0, error);
        Assert.Contains("mean return", output);
        Assert.Contains("± ", output);
    }

    [Fact]
    public void Eval_WorksForEveryRegisteredLearner()
    {
        var options = new A3cOptions { OnPolicy = new A3cOptions().OnPolicy with { NEnvs = 1, Seed = 2 }, NWorkers = 2 };
        string path = Path.Combine(_dir.Path, "a3c.zip");
        using (var a3c = new A3c("CartPole-v1", options))
        {
            a3c.Learn(500, logInterval: 0);
            a3c.Save(path);
        }
        var (code, output, error) = CliRunner.Run("eval", path, "-n", "2", "--json");
        Assert.True(code == 0, error);
        Assert.Equal("a3c", CliRunner.LastJsonLine(output).GetProperty("algo").GetString());
    }

    [Fact]
    public void Eval_OfAModelForAnotherEnvironment_NamesBoth()
    {
        string path = SaveA2c("CartPole-v1", 200, "seed=1", "n_envs=2");
        var (code, _, error) = CliRunner.Run("eval", path, "--env", "Acrobot-v1");
        Assert.Equal(1, code);
        Assert.Contains("saved for CartPole-v1", error);
        Assert.Contains("cannot be used with Acrobot-v1", error);
    }

    [Fact]
    public void Eval_OfATruncatedOrBitFlippedFile_IsAClearError()
    {
        string path = SaveA2c("CartPole-v1", 200, "seed=1", "n_envs=2");
        byte[] bytes = File.ReadAllBytes(path);
        string truncated = Path.Combine(_dir.Path, "truncated.zip"), flipped = Path.Combine(_dir.Path, "flipped.zip");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var copy = (byte[])bytes.Clone();
        copy[bytes.Length / 3] ^= 0x10;
        File.WriteAllBytes(flipped, copy);
        foreach (var (file, command) in new[] { (truncated, "eval"), (flipped, "eval"), (flipped, "export") })
        {
            string[] args = command == "eval" ? ["eval", file] : ["export", file, Path.Combine(_dir.Path, "x.onnx")];
            var (code, _, error) = CliRunner.Run(args);
            Assert.Equal(1, code);
            Assert.Contains($"Model file '{file}' is not a valid Ascent model", error);
        }
        var (c, _, e) = CliRunner.Run("eval", Path.Combine(_dir.Path, "missing.zip"));
        Assert.Equal(1, c);
        Assert.Contains("missing.zip", e);
    }

    [OnnxRuntimeTheory]
    [InlineData("a2c", "CartPole-v1", new[] { "seed=3", "n_envs=4" })]                                 // categorical, no normalisation
    [InlineData("a2c", "Acrobot-v1", new[] { "seed=4", "n_envs=4" })]                                  // categorical, observations normalised
    [InlineData("a2c", "Pendulum-v1", new[] { "seed=5", "n_envs=4", "use_sde=false" })]               // Gaussian, normalised, clipped to the box
    [InlineData("a2c", "Pendulum-v1", new[] { "seed=6", "n_envs=4" })]                                 // the Zoo's settings: gSDE, σ depends on the state
    [InlineData("reinforce", "CartPole-v1", new[] { "seed=3", "steps_per_batch=500" })]                // REINFORCE's shipped settings, categorical
    [InlineData("reinforce", "Pendulum-v1", new[] { "seed=5", "n_envs=2", "steps_per_batch=400", "normalize=true" })]   // REINFORCE, Gaussian, normalised
    public void Export_OfASavedModel_RunsInOnnxRuntimeAsPredictDoes(string algorithm, string envId, string[] settings)
    {
        string path = Save(algorithm, envId, 2000, settings);
        string onnx = Path.Combine(_dir.Path, "policy.onnx");
        var (code, output, error) = CliRunner.Run("export", path, onnx);
        Assert.True(code == 0, error);
        Assert.Contains($"{algorithm} policy for {envId}", output);

        using BaseAlgorithm model = algorithm == "reinforce" ? Reinforce.Load(path) : A2c.Load(path);
        const int rows = 1000;
        int o = model.ObservationSpace.FlatSize, a = model.ActionSpace.FlatSize;
        var rng = new Ascent.Numerics.Rng(11);
        var observations = new float[rows * o];
        for (int i = 0; i < observations.Length; i++) observations[i] = (float)rng.Normal(0, 1.5);
        var expected = new float[rows * a];
        model.Predict(observations, rows, expected, deterministic: true);

        var results = OnnxRuntimeHarness.Run(_dir.Path, [new(onnx, observations, rows, o)])[0].GetProperty("results");
        var result = results.GetProperty("action");
        if (model.ActionSpace is Ascent.Environments.Spaces.Discrete)
        {
            var actions = OnnxRuntimeHarness.Int64s(result);
            Assert.Equal(expected.Select(x => (long)x), actions);
            return;
        }
        var continuous = OnnxRuntimeHarness.Floats(result);
        Assert.True(MaxAbsDiff(expected, continuous) <= 1e-5f, $"max |action difference| = {MaxAbsDiff(expected, continuous)}");

        // log σ: the parameter, or with gSDE σ(s) from the actor's features, as the policy's distribution has it.
        var normalized = (float[])observations.Clone();
        model.ObservationNormalizer?.Normalize(observations, normalized);
        var tape = new Ascent.Autodiff.Tape();
        var logStd = model.Policy.Forward(tape, tape.Input(new Ascent.Numerics.Tensor(normalized, rows, o))).Gaussian.LogStd.Value.Span.ToArray();
        var onnxLogStd = OnnxRuntimeHarness.Floats(results.GetProperty("log_std"));
        Assert.Equal(logStd.Length, onnxLogStd.Length);                                   // [rows, D] with gSDE, [D] without
        Assert.True(MaxAbsDiff(logStd, onnxLogStd) <= 1e-5f, $"max |log σ difference| = {MaxAbsDiff(logStd, onnxLogStd)}");
    }

    private static float MaxAbsDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [Fact]
    public void Export_OfAModelWithoutItsEnvironmentsSpaces_FailsCleanly()
    {
        var (code, _, error) = CliRunner.Run("export", Path.Combine(_dir.Path, "missing.zip"), Path.Combine(_dir.Path, "p.onnx"));
        Assert.Equal(1, code);
        Assert.Contains("missing.zip", error);
    }
}
