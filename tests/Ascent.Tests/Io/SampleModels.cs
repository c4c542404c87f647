using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ascent.Environments.Spaces;
using Ascent.Io.Models;
using Ascent.Numerics;

namespace Ascent.Tests.Io;

/// <summary>Small but complete model files (every section and dtype) shared by the model-format tests.</summary>
internal static class SampleModels
{
    public static Box CartPoleObservation() =>
        new([-4.8f, float.NegativeInfinity, -0.41887903f, float.NegativeInfinity], [4.8f, float.PositiveInfinity, 0.41887903f, float.PositiveInfinity], 4);

    /// <summary>A checkpoint-like model of a 4-8-2 policy on CartPole's spaces: parameters, Adam moments,
    /// generator state, normaliser, counters, options and a free-form section (about 3 KB).</summary>
    public static ModelWriter CartPoleCheckpoint()
    {
        var rng = new Rng(7);
        Tensor Random(params int[] shape)
        {
            var t = new Tensor(shape);
            rng.Normal(t.Span);
            return t;
        }
        var w = new ModelWriter("ppo", "CartPole-v1", CartPoleObservation(), new Discrete(2));
        w.SetOptions(new Dictionary<string, string> { ["learning_rate"] = "lin_0.001", ["n_steps"] = "32", ["policy_kwargs"] = "dict(net_arch=[8], activation_fn=nn.Tanh)" });
        w.Add("params/pi.0.weight", Random(8, 4));
        w.Add("params/pi.0.bias", Random(8));
        w.Add("params/pi.1.weight", Random(2, 8));
        w.Add("params/pi.1.bias", Random(2));
        w.Add("optim/adam.m/pi.0.weight", Random(8, 4));
        w.Add("optim/adam.v/pi.0.weight", Enumerable.Range(0, 32).Select(i => i * 1e-3).ToArray(), [8, 4]);
        w.Add("optim/adam.step", [123L], []);
        var sampler = new Rng(42);
        sampler.Normal();
        w.AddRngState("sampler", sampler.GetState());
        w.AddNormalizer("obs", new NormalizerStatistics([0.1, -0.2, 0.3, 0.0], [1.0, 2.0, 0.5, 4.0], 1234.5));
        w.Add("extra/bytes", new byte[] { 0, 1, 2, 255 }, [2, 2]);
        w.SetCounter("num_timesteps", 100_000);
        w.SetCounter("episodes", 412);
        w.SetSection("eval", new JsonObject { ["mean_return"] = 487.5, ["episodes"] = 10 });
        return w;
    }

    public static byte[] Bytes(ModelWriter w)
    {
        using var ms = new MemoryStream();
        w.WriteTo(ms);
        return ms.ToArray();
    }

    /// <summary>Everything a reader exposes, as one string: equal fingerprints mean equal models.</summary>
    public static string Fingerprint(ModelReader r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{r.FormatVersion} {r.Algorithm} {r.EnvId} {r.ObservationSpace} {r.ActionSpace}");
        foreach (var (k, v) in r.Options.OrderBy(p => p.Key, StringComparer.Ordinal)) sb.AppendLine($"option {k}={v}");
        foreach (var (k, v) in r.Counters.OrderBy(p => p.Key, StringComparer.Ordinal)) sb.AppendLine($"counter {k}={v}");
        foreach (var s in r.SectionNames.OrderBy(s => s, StringComparer.Ordinal)) sb.AppendLine($"section {s}={r.GetSection(s).ToJsonString()}");
        foreach (var t in r.Tensors)
        {
            var shape = t.Shape.ToArray();
            byte[] raw = t.DType switch
            {
                TensorDType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes<float>(r.GetFloat32(t.Name, shape)).ToArray(),
                TensorDType.Float64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes<double>(r.GetFloat64(t.Name, shape)).ToArray(),
                TensorDType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes<long>(r.GetInt64(t.Name, shape)).ToArray(),
                _ => r.GetUInt8(t.Name, shape),
            };
            sb.AppendLine($"tensor {t} {Convert.ToHexString(SHA256.HashData(raw))}");
        }
        return sb.ToString();
    }
}
