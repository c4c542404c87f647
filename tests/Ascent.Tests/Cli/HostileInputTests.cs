using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Ascent.Algorithms;
using Ascent.Io.Config;
using Ascent.Io.Models;
using Ascent.Tests.Io;

namespace Ascent.Tests.Cli;

/// <summary>
/// Bad input gets one clear line and exit code 1: forged model files (an architecture larger than the file, NaN
/// parameters, negative counters, invalid options) are rejected before anything large is built, parse errors and
/// out-of-range options read as one line without .NET's developer suffixes, and a diverging search names where the
/// non-finite value appeared.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SaveA2c()
    {
        using var model = new A2c("CartPole-v1", OptionsBinder.Bind<A2cOptions>(null, ["seed=1", "n_envs=2", "n_steps=5"]));
        model.Learn(20, logInterval: 0);
        string path = Path.Combine(_dir.Path, "a2c.zip");
        model.Save(path);
        return path;
    }

    /// <summary>Rewrites <paramref name="path"/> with its metadata and tensors changed and valid checksums (a forged file).</summary>
    private string Forge(string path, string name, Action<JsonObject>? metadata = null, Action<byte[]>? tensors = null)
    {
        byte[] meta, store;
        using (var zip = ZipFile.OpenRead(path))
        {
            meta = Read(zip, ModelArchive.MetadataEntry);
            store = Read(zip, ModelArchive.TensorsEntry);
        }
        if (metadata is not null)
        {
            var json = JsonNode.Parse(meta)!.AsObject();
            metadata(json);
            meta = Encoding.UTF8.GetBytes(json.ToJsonString());
        }
        tensors?.Invoke(store);
        string forged = Path.Combine(_dir.Path, name);
        using var file = File.Create(forged);
        ModelArchive.Write(file, meta, store);
        return forged;
    }

    private static byte[] Read(ZipArchive zip, string entry)
    {
        using var s = zip.GetEntry(entry)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static void AssertOneLineError((int ExitCode, string Output, string Error) r, params string[] contains)
    {
        Assert.Equal(1, r.ExitCode);
        string error = r.Error.TrimEnd();
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("(Parameter '", error);
        Assert.DoesNotContain("   at ", error);
        foreach (var c in contains) Assert.True(error.Contains(c, StringComparison.Ordinal), $"\"{c}\" not in: {error}");
    }

    [Fact]
    public void Eval_ForgedArchitecture_IsRejectedBeforeTheNetworkIsBuilt()
    {
        string forged = Forge(SaveA2c(), "arch.zip", m => m["options"]!["policy_kwargs"] = "\"dict(net_arch=[30000, 30000])\"");
        var started = System.Diagnostics.Stopwatch.StartNew();
        AssertOneLineError(CliRunner.Run("eval", forged, "-n", "1"), "arch.zip", "net_arch = [30000, 30000]", "limit of 50,000,000");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}"); // building it would take minutes and 7 GB
    }

    [Fact]
    public void Eval_ForgedSearchPolicyWidth_IsRejected()
    {
        var (code, _, error) = CliRunner.Run("train", "cem", "CartPole-v1", "--steps", "200", "--seed", "1", "--eval-episodes", "0", "--runs", _dir.Path);
        Assert.True(code == 0, error);
        string model = Directory.GetFiles(_dir.Path, "model.zip", SearchOption.AllDirectories).Single();
        string forged = Forge(model, "cem-forged.zip", m => m["options"]!["policy"] = "'mlp:65536,65536'");
        AssertOneLineError(CliRunner.Run("eval", forged), "policy = mlp:65536,65536", "forged");
    }

    [Fact]
    public void Eval_ForgedEnvironmentCount_IsRejectedBeforeAllocating()
    {
        string forged = Forge(SaveA2c(), "envs.zip", m => m["options"]!["n_envs"] = "65536");
        string error = "";
        long allocated = AllocationProbe.Steady(() => error = CliRunner.Run("eval", forged).Error);
        Assert.True(error.Contains("envs.zip option n_envs: n_envs = 65536 is out of range: must be in [1, 4096]", StringComparison.Ordinal), error);
        Assert.True(allocated < 16L << 20, $"allocated {allocated} bytes"); // building 65536 CartPoles took ~320 MB
        string segment = Forge(SaveA2c(), "segment.zip", m => { m["options"]!["n_envs"] = "4096"; m["options"]!["n_steps"] = "16384"; });
        AssertOneLineError(CliRunner.Run("eval", segment), "n_steps × n_envs = 16384 × 4096 = 67108864 transitions per segment is outside the allowed range [1, 4194304]");
    }

    [Fact]
    public void HugeRequestedNetworks_AreRejected_NamingTheOptionCountAndLimit()
    {
        long allocated = AllocationProbe.Steady(() => AssertOneLineError(
            CliRunner.Run("train", "ppo", "CartPole-v1", "--steps", "64", "--set", "policy_kwargs=dict(net_arch=[4096, 4096, 4096])", "--runs", _dir.Path),
            "policy_kwargs.net_arch = [4096, 4096, 4096] (actor and critic) needs at least 67,133,440 parameters", "limit of 50,000,000"));
        Assert.True(allocated < 16L << 20, $"allocated {allocated} bytes");
        AssertOneLineError(CliRunner.Run("train", "cem", "CartPole-v1", "--steps", "64", "--policy", "mlp:8192,8192", "--runs", _dir.Path),
            "policy = mlp:8192,8192 needs at least 67,125,248 parameters", "limit of 50,000,000");
        AssertOneLineError(CliRunner.Run("train", "a3c", "CartPole-v1", "--steps", "64", "--set", "n_workers=8", "--set", "n_envs=1024", "--runs", _dir.Path),
            "n_workers × n_envs = 8 × 1024 = 8192 environments");
        Assert.Empty(Directory.GetDirectories(_dir.Path)); // nothing was started
    }

    [Fact]
    public void Eval_NaNParameter_IsRejected()
    {
        string path = SaveA2c();
        var first = ModelReader.Open(path).Tensors[0];
        Assert.StartsWith(ModelSections.Parameters, first.Name);
        string forged = Forge(path, "nan.zip", tensors: store =>
        {
            int dataStart = TensorStore.PrefixBytes + (int)BitConverter.ToUInt64(store, 8);
            BitConverter.GetBytes(float.NaN).CopyTo(store, dataStart);
        });
        AssertOneLineError(CliRunner.Run("eval", forged), $"tensor '{first.Name}' holds the non-finite value NaN at index 0");
    }

    [Fact]
    public void Eval_NegativeCounter_IsRejected()
    {
        string forged = Forge(SaveA2c(), "counter.zip", m => m["counters"]!["num_timesteps"] = -5);
        AssertOneLineError(CliRunner.Run("eval", forged), "counter 'num_timesteps' = -5");
    }

    [Fact]
    public void Eval_InvalidOptionInFile_NamesTheFileNotSet()
    {
        string forged = Forge(SaveA2c(), "option.zip", m => m["options"]!["learning_rate"] = "nan");
        var r = CliRunner.Run("eval", forged);
        AssertOneLineError(r, "option.zip option learning_rate", "learning_rate = nan");
        Assert.DoesNotContain("--set", r.Error);
    }

    [Fact]
    public void ParseErrors_AreOneLine_NamingTheOptionAndType()
    {
        var r = CliRunner.Run("train", "ppo", "CartPole-v1", "--steps", "abc");
        AssertOneLineError(r, "ascent train ppo:", "'--steps'", "expected an integer");
        Assert.DoesNotContain("Nullable", r.Error);
        AssertOneLineError(CliRunner.Run("eval", "x.zip", "--bogus"), "ascent eval:", "'--bogus'");
    }

    [Fact]
    public void OutOfRangeOptions_AreOneLine_WithoutDotNetSuffixes()
    {
        var r = CliRunner.Run("train", "ppo", "CartPole-v1", "--steps", "0");
        AssertOneLineError(r, "--steps = 0 is outside the allowed range [1, ∞).");
        Assert.DoesNotContain("Actual value", r.Error);
        AssertOneLineError(CliRunner.Run("train", "ppo", "Nope-v0"), "Unknown environment id 'Nope-v0'");
    }

    [Fact]
    public void DivergingSearch_NamesTheCandidate()
    {
        var r = CliRunner.Run("train", "fd", "Pendulum-v1", "--steps", "4096", "--seed", "1", "--set", "learning_rate=1e38", "--eval-episodes", "0", "--runs", _dir.Path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("generation 1, candidate 0", r.Error);
        Assert.Contains("the search method's update diverged", r.Error);
    }
}
