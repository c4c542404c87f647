using Ascent.Environments;
using Ascent.Environments.Spaces;

namespace Ascent.Tests.Algorithms;

/// <summary>A two-action environment without episode ends whose rewards become NaN after <c>nanAfter</c> steps: learners must stop and say where.</summary>
internal sealed class NanRewardEnv(int nanAfter) : Env
{
    private int _t;

    public override Space ObservationSpace { get; } = new Box(-1f, 1f, 2);

    public override Space ActionSpace { get; } = new Discrete(2);

    protected override void ResetCore(IReadOnlyDictionary<string, double>? options, Span<float> observation) => observation.Clear();

    protected override (double Reward, bool Terminated, bool Truncated) StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        observation[0] = action[0];
        return (++_t > nanAfter ? double.NaN : 1.0, false, false);
    }
}
