using System.CommandLine;
using Ascent.Autodiff;
using Ascent.Nn;
using Ascent.Numerics;

namespace Ascent.Cli.Commands.Bench;

/// <summary>
/// <c>ascent bench mlp</c>: single-threaded training throughput of a 4-64-64-2 tanh MLP with a cross-entropy loss
/// (log-softmax, gather of the labels' log-probabilities, mean): samples per second of forward + backward (no optimizer
/// step) at batch 64, 512 and 2048 — the figure <c>bench/pytorch_mlp.py</c> measures for PyTorch.
/// </summary>
/// <remarks>
/// Also reported: the tape's forward pass alone, and <see cref="Mlp.Predict"/> (the tape-free inference path).
/// Each step records the graph again on a reused tape, exactly as a training loop does, so the tape's bookkeeping is
/// part of the figure. The loss is checked against a direct computation first, so a wrong fast path cannot produce a figure.
/// </remarks>
internal static class MlpBench
{
    internal static readonly int[] Batches = [64, 512, 2048];

    // Many short timed batches: on a loaded machine a few-millisecond batch often runs uninterrupted, and the best is kept.
    private const int Repetitions = 40;

    /// <summary>The network, a batch and its labels, and the three timed actions.</summary>
    internal sealed class Workload
    {
        private readonly Mlp _mlp;
        private readonly Tape _tape = new();
        private readonly Tensor _x;
        private readonly int[] _labels;
        private readonly float[] _predictions;

        public Workload(int batch, ulong seed = 0)
        {
            var rng = new Rng(seed);
            _mlp = new Mlp([4, 64, 64, 2], Activation.Tanh, rng, outputGain: 1f);
            _x = new Tensor(batch, 4);
            rng.Normal(_x.Span);
            _labels = new int[batch];
            for (int i = 0; i < batch; i++) _labels[i] = rng.Integer(2);
            _predictions = new float[batch * 2];
            Batch = batch;
        }

        public int Batch { get; }

        /// <summary>Records the loss <c>−mean log softmax(f(x))[label]</c> on the tape and returns it.</summary>
        public Var Loss()
        {
            _tape.Reset();
            var logits = _mlp.Forward(_tape, _tape.Input(_x));
            return _tape.Neg(_tape.Mean(_tape.Gather(_tape.LogSoftmax(logits), _labels)));
        }

        /// <summary>One training step without the optimizer: zero the gradients, forward, backward.</summary>
        public void ForwardBackward()
        {
            _mlp.Parameters.ZeroGrad();
            _tape.Backward(Loss());
        }

        /// <summary>The tape forward pass alone.</summary>
        public void Forward() => Loss();

        /// <summary>The tape-free inference path.</summary>
        public void Predict() => _mlp.Predict(_x.Span, Batch, _predictions);

        /// <summary>The loss computed directly from <see cref="Mlp.Predict"/>, in double.</summary>
        public double ReferenceLoss()
        {
            Predict();
            double sum = 0;
            for (int r = 0; r < Batch; r++)
            {
                double a = _predictions[2 * r], b = _predictions[2 * r + 1], max = Math.Max(a, b);
                double logNorm = max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
                sum += logNorm - _predictions[2 * r + _labels[r]];
            }
            return sum / Batch;
        }
    }

    /// <summary>
    /// Runs the timed actions until they stop getting faster (five rounds without a 3 % gain, at most 5 s), pausing
    /// between rounds so the runtime's background compiler gets the CPU: tiered compilation starts methods as
    /// unoptimised code and swaps in optimised code later, which on a loaded machine can outlast a short measurement.
    /// </summary>
    private static void WarmUp(Workload work)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double best = double.MaxValue;
        for (int stale = 0; (stale < 5 || clock.Elapsed.TotalSeconds < 1.5) && clock.Elapsed.TotalSeconds < 5;)
        {
            double start = clock.Elapsed.TotalSeconds;
            for (int i = 0; i < 20; i++) { work.ForwardBackward(); work.Forward(); work.Predict(); }
            double round = clock.Elapsed.TotalSeconds - start;
            if (round < 0.97 * best) { best = round; stale = 0; } else stale++;
            Thread.Sleep(10);
        }
    }

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per line." };
        var minTime = new Option<double>("--min-time") { Description = "Seconds per timed batch of calls (default 0.005; range 0.001 to 10).", DefaultValueFactory = _ => 0.005 };
        minTime.Validators.Add(r =>
        {
            double v = r.GetValueOrDefault<double>();
            if (!(v >= 0.001 && v <= 10)) r.AddError($"--min-time must be between 0.001 and 10 seconds, got {v}.");
        });
        var command = new Command("mlp", "Single-threaded forward+backward samples/s of a 4-64-64-2 tanh MLP with cross-entropy, at batch 64, 512 and 2048.")
        {
            json, minTime,
        };
        command.SetAction(parse =>
        {
            var output = new BenchOutput(parse.GetValue(json));
            double seconds = parse.GetValue(minTime);
            output.Note($"4-64-64-2 tanh MLP, cross-entropy loss, single thread; samples/s (best of {Repetitions} timed batches of ≥ {seconds} s)");
            foreach (int batch in Batches)
            {
                var work = new Workload(batch);
                double loss = work.Loss().Value[0], reference = work.ReferenceLoss();
                if (!(Math.Abs(loss - reference) <= 1e-4 * Math.Max(1, Math.Abs(reference))))
                {
                    Console.Error.WriteLine($"bench mlp: the tape's loss {loss} differs from the direct computation {reference} at batch {batch}.");
                    return 1;
                }
                WarmUp(work);
                double train = Timing.BestSecondsPerCall(work.ForwardBackward, seconds, Repetitions);
                double forward = Timing.BestSecondsPerCall(work.Forward, seconds, Repetitions);
                double predict = Timing.BestSecondsPerCall(work.Predict, seconds, Repetitions);
                output.Write(("bench", "mlp"), ("batch", batch), ("samples_per_s", batch / train),
                    ("forward_samples_per_s", batch / forward), ("predict_samples_per_s", batch / predict));
            }
            return 0;
        });
        return command;
    }
}
