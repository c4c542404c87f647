using System.Text.Json.Nodes;
using Ascent.Autodiff;
using Ascent.Environments.Spaces;
using Ascent.Io.Models;
using Ascent.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Ascent.Tests.Io;

public class ModelFileTests
{
    private static ModelReader RoundTrip(ModelWriter w) => ModelReader.Read(new MemoryStream(SampleModels.Bytes(w)), "memory");

    [Fact]
    public void RoundTrip_PreservesEveryDtypeAndShapeBitForBit()
    {
        var w = new ModelWriter("test", "Env-v0", new Discrete(3, start: -1), new Box(-1f, 1f, 2, 3));
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue, 1.17549435E-38f, 3.1415927f];
        w.Add("f32/scalar", Tensor.Scalar(2.5f));
        w.Add("f32/specials", Tensor.Vector(specials));
        w.Add("f32/empty", new Tensor(0));
        w.Add("f32/empty2", new Tensor(3, 0));
        w.Add("f32/rank4", new Tensor(Enumerable.Range(0, 120).Select(i => i * 0.5f).ToArray(), 2, 3, 4, 5));
        w.Add("f32/rank8", Enumerable.Range(0, 256).Select(i => (float)i).ToArray(), [2, 2, 2, 2, 2, 2, 2, 2]);
        w.Add("f64/values", [double.NaN, double.NegativeInfinity, -0.0, double.Epsilon, 1e308, Math.PI], [2, 3]);
        w.Add("i64/values", [long.MinValue, -1, 0, 1, long.MaxValue], [5]);
        w.Add("u8/values", new byte[] { 0, 127, 128, 255 }, [4]);
        w.Add("u8/scalar", new byte[] { 9 }, []);

        var r = RoundTrip(w);
        Assert.Equal(10, r.Tensors.Count);
        Assert.Equal(2.5f, r.GetTensor("f32/scalar", [])[0]);
        var s = r.GetTensor("f32/specials", [specials.Length]);
        for (int i = 0; i < specials.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(specials[i]), BitConverter.SingleToInt32Bits(s[i]));
        Assert.Equal(0, r.GetTensor("f32/empty", [0]).Size);
        Assert.Equal(0, r.GetTensor("f32/empty2", [3, 0]).Size);
        var r4 = r.GetTensor("f32/rank4", [2, 3, 4, 5]);
        Assert.Equal(59.5f, r4[119]);
        Assert.Equal(255f, r.GetFloat32("f32/rank8", [2, 2, 2, 2, 2, 2, 2, 2])[255]);
        var f64 = r.GetFloat64("f64/values", [2, 3]);
        Assert.True(double.IsNaN(f64[0]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(f64[2]));
        Assert.Equal([double.NegativeInfinity, double.Epsilon, 1e308, Math.PI], f64[1..2].Concat(f64[3..]).ToArray());
        Assert.Equal([long.MinValue, -1, 0, 1, long.MaxValue], r.GetInt64("i64/values", [5]));
        Assert.Equal(new byte[] { 0, 127, 128, 255 }, r.GetUInt8("u8/values", [4]));
        Assert.Equal(new byte[] { 9 }, r.GetUInt8("u8/scalar", []));
        Assert.Equal("Discrete(3, start=-1)", r.ObservationSpace.ToString());
        Assert.Equal("Box(-1, 1, (2, 3), float32)", r.ActionSpace.ToString());
    }

    [Fact]
    public void RoundTrip_PreservesMetadataSectionsCountersAndOptions()
    {
        var r = RoundTrip(SampleModels.CartPoleCheckpoint());
        Assert.Equal(ModelWriter.FormatVersion, r.FormatVersion);
        Assert.Equal("ppo", r.Algorithm);
        Assert.Equal("CartPole-v1", r.EnvId);
        Assert.Equal(SampleModels.CartPoleObservation().ToString(), r.ObservationSpace.ToString());
        Assert.Equal("lin_0.001", r.Options["learning_rate"]);
        Assert.Equal("dict(net_arch=[8], activation_fn=nn.Tanh)", r.Options["policy_kwargs"]);
        Assert.Equal(100_000, r.GetCounter("num_timesteps"));
        Assert.Equal(412, r.Counters["episodes"]);
        Assert.Equal(487.5, r.GetSection("eval")["mean_return"]!.GetValue<double>());
        Assert.Equal(123L, r.GetInt64("optim/adam.step", [])[0]);
        var ex = Assert.Throws<ModelFormatException>(() => r.GetCounter("updates"));
        Assert.Contains("no counter 'updates'", ex.Message);
        Assert.Contains("episodes, num_timesteps", ex.Message);
    }

    [Fact]
    public void RngState_RoundTrips_SoTheRestoredGeneratorContinuesTheSameStream()
    {
        var original = new Rng(2024).Spawn();
        original.Normal(); // leaves a cached spare normal in the state
        original.Spawn();
        var w = new ModelWriter("test", "E-v0", new Discrete(2), new Discrete(2));
        w.AddRngState("main", original.GetState());
        var restored = new Rng(0);
        restored.SetState(RoundTrip(w).GetRngState("main"));
        Assert.Equal(original.GetState(), restored.GetState());
        for (int i = 0; i < 100; i++) Assert.Equal(original.Normal(), restored.Normal());
    }

    [Fact]
    public void Normalizer_RoundTrips_AndIsCheckedAgainstTheExpectedSize()
    {
        var r = RoundTrip(SampleModels.CartPoleCheckpoint());
        var stats = r.GetNormalizer("obs", 4);
        Assert.Equal([0.1, -0.2, 0.3, 0.0], stats.Mean);
        Assert.Equal([1.0, 2.0, 0.5, 4.0], stats.Variance);
        Assert.Equal(1234.5, stats.Count);
        var ex = Assert.Throws<ModelFormatException>(() => r.GetNormalizer("obs", 3));
        Assert.Contains("'normalizer/obs/mean' has shape [4], expected [3]", ex.Message);
    }

    [Fact]
    public void Save_ProducesTheSameBytesForTheSameModel()
    {
        Assert.Equal(SampleModels.Bytes(SampleModels.CartPoleCheckpoint()), SampleModels.Bytes(SampleModels.CartPoleCheckpoint()));
    }

    [Fact]
    public void Save_ThenOpen_WorksThroughTheFileSystem()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "model.zip");
        SampleModels.CartPoleCheckpoint().Save(path);
        var r = ModelReader.Open(path);
        Assert.Equal(path, r.Source);
        Assert.Equal(SampleModels.Fingerprint(RoundTrip(SampleModels.CartPoleCheckpoint())), SampleModels.Fingerprint(r));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Throws<FileNotFoundException>(() => ModelReader.Open(Path.Combine(dir.Path, "missing.zip")));
    }

    [Fact]
    public void GetTensor_RejectsWrongShapeDtypeOrName_WithAClearMessage()
    {
        var r = RoundTrip(SampleModels.CartPoleCheckpoint());
        var shape = Assert.Throws<ModelFormatException>(() => r.GetTensor("params/pi.0.weight", [4, 8]));
        Assert.Contains("tensor 'params/pi.0.weight' has shape [8, 4], expected [4, 8]", shape.Message);
        var dtype = Assert.Throws<ModelFormatException>(() => r.GetTensor("optim/adam.v/pi.0.weight", [8, 4]));
        Assert.Contains("is float64, expected float32", dtype.Message);
        var missing = Assert.Throws<ModelFormatException>(() => r.GetTensor("params/pi.2.weight", [2, 2]));
        Assert.Contains("no tensor 'params/pi.2.weight'", missing.Message);
        Assert.Contains("params/pi.0.weight", missing.Message); // lists the section's tensors
    }

    [Fact]
    public void LoadParameters_CopiesValues_AndRejectsAnotherArchitectureWithoutTouchingTheParameters()
    {
        var p0 = new Parameter("pi.0.weight", new Tensor(8, 4));
        var p1 = new Parameter("pi.0.bias", new Tensor(8));
        var p2 = new Parameter("pi.1.weight", new Tensor(2, 8));
        var p3 = new Parameter("pi.1.bias", new Tensor(2));
        var r = RoundTrip(SampleModels.CartPoleCheckpoint());
        r.LoadParameters([p0, p1, p2, p3]);
        Assert.Equal(r.GetTensor("params/pi.1.weight", [2, 8]).Data, p2.Value.Data);

        var fresh = new Parameter("pi.0.weight", new Tensor(8, 4));
        var extra = Assert.Throws<ModelFormatException>(() => r.LoadParameters([fresh]));
        Assert.Contains("parameters the policy does not have", extra.Message);
        Assert.All(fresh.Value.Data, v => Assert.Equal(0f, v));

        var wide = new Parameter("pi.0.weight", new Tensor(16, 4));
        Assert.Throws<ModelFormatException>(() => r.LoadParameters([wide, p1, p2, p3]));
    }

    [Fact]
    public void CheckCompatible_RejectsAnotherEnvironmentsSpaces_NamingBoth()
    {
        var r = RoundTrip(SampleModels.CartPoleCheckpoint());
        r.CheckCompatible("CartPole-v1", SampleModels.CartPoleObservation(), new Discrete(2));

        var pendulumObs = new Box([-1f, -1f, -8f], [1f, 1f, 8f], 3);
        var ex = Assert.Throws<IncompatibleModelException>(() => r.CheckCompatible("Pendulum-v1", pendulumObs, new Box(-2f, 2f, 1)));
        Assert.Contains("saved for CartPole-v1", ex.Message);
        Assert.Contains("Pendulum-v1", ex.Message);
        Assert.Contains("Discrete(2)", ex.Message);
        Assert.Contains("Box(-2, 2, (1,), float32)", ex.Message);
        Assert.Contains("observation and action spaces differ", ex.Message);

        var actionOnly = Assert.Throws<IncompatibleModelException>(() => r.CheckCompatible("CartPole-v1", SampleModels.CartPoleObservation(), new Discrete(3)));
        Assert.Contains("the action space differ", actionOnly.Message);
        var bounds = Assert.Throws<IncompatibleModelException>(() => r.CheckCompatible("X", new Box(-4.8f, 4.8f, 4), new Discrete(2)));
        Assert.Contains("observation space differ", bounds.Message);

        var algo = Assert.Throws<IncompatibleModelException>(() => r.CheckAlgorithm("a2c"));
        Assert.Contains("saved by ppo, not a2c", algo.Message);
        r.CheckAlgorithm("PPO");
    }

    [Fact]
    public void AllSpaceTypes_RoundTrip()
    {
        Space[] spaces = [new Discrete(5, 2), new MultiDiscrete(3, 4, 5), new MultiBinary(7), new Box(0f, 255f, 4, 3, 2), SampleModels.CartPoleObservation()];
        foreach (var obs in spaces)
        {
            var r = RoundTrip(new ModelWriter("a", "E-v0", obs, obs));
            Assert.Equal(obs.ToString(), r.ObservationSpace.ToString());
            r.CheckCompatible("E-v0", obs, obs);
        }
    }

    [Fact]
    public void Writer_RejectsBadNamesShapesAndDuplicates()
    {
        var w = new ModelWriter("a", "E-v0", new Discrete(2), new Discrete(2));
        Assert.Contains("invalid", Assert.Throws<ArgumentException>(() => w.Add("bad name", Tensor.Scalar(1))).Message);
        Assert.Throws<ArgumentException>(() => w.Add("a//b", Tensor.Scalar(1)));
        Assert.Contains("needs 6", Assert.Throws<ArgumentException>(() => w.Add("x", new float[5], [2, 3])).Message);
        w.Add("x", Tensor.Scalar(1));
        Assert.Contains("already added", Assert.Throws<ArgumentException>(() => w.Add("x", Tensor.Scalar(2))).Message);
        Assert.Throws<ArgumentException>(() => w.SetCounter("a/b", 1));
        Assert.Throws<ArgumentException>(() => w.AddNormalizer("n", new NormalizerStatistics([0.0], [-1.0], 1)));
    }

    [Fact]
    public void Property_AnyListOfTensors_RoundTripsBitExactly()
    {
        var dtypes = Gen.Elements(TensorDType.Float32, TensorDType.Float64, TensorDType.Int64, TensorDType.UInt8);
        var shapes = Gen.Choose(0, 4).SelectMany(rank => Gen.ArrayOf(Gen.Choose(0, 4), rank));
        var tensors = Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(dtypes.SelectMany(d => shapes.Select(s => (d, s))), n));
        var seeds = Gen.Choose(0, int.MaxValue);
        var cases = tensors.SelectMany(t => seeds.Select(seed => (t, seed)));

        Prop.ForAll(Arb.From(cases), c =>
        {
            var rng = new Rng((ulong)c.seed);
            var w = new ModelWriter("a", "E-v0", new Discrete(2), new Discrete(2));
            var expected = new List<(string Name, TensorDType DType, int[] Shape, byte[] Bytes)>();
            for (int i = 0; i < c.t.Length; i++)
            {
                var (dtype, shape) = c.t[i];
                int size = shape.Aggregate(1, (a, b) => a * b);
                var bytes = new byte[size * dtype switch { TensorDType.Float32 => 4, TensorDType.UInt8 => 1, _ => 8 }];
                for (int k = 0; k < bytes.Length; k++) bytes[k] = (byte)rng.Integer(256);
                string name = $"t{i}/{dtype}";
                switch (dtype)
                {
                    case TensorDType.Float32: w.Add(name, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes), shape); break;
                    case TensorDType.Float64: w.Add(name, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes), shape); break;
                    case TensorDType.Int64: w.Add(name, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(bytes), shape); break;
                    default: w.Add(name, (ReadOnlySpan<byte>)bytes, shape); break;
                }
                expected.Add((name, dtype, shape, bytes));
            }
            var r = RoundTrip(w);
            return r.Tensors.Count == expected.Count && expected.All(e =>
            {
                byte[] got = e.DType switch
                {
                    TensorDType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes<float>(r.GetFloat32(e.Name, e.Shape)).ToArray(),
                    TensorDType.Float64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes<double>(r.GetFloat64(e.Name, e.Shape)).ToArray(),
                    TensorDType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes<long>(r.GetInt64(e.Name, e.Shape)).ToArray(),
                    _ => r.GetUInt8(e.Name, e.Shape),
                };
                return got.AsSpan().SequenceEqual(e.Bytes);
            });
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }
}
