using Ascent.Mdp;

namespace Ascent.Algorithms.PolicyImprovement;

/// <summary>The outcome of <see cref="ConservativePolicyIteration.Run"/>.</summary>
/// <param name="Policy">The final policy.</param>
/// <param name="Evaluation">Its exact evaluation.</param>
/// <param name="Iterations">Every step taken, in order.</param>
/// <param name="Converged">Whether the greedy policy's advantage fell to the tolerance (otherwise the iteration limit was reached).</param>
public sealed record CpiResult(PolicyTable Policy, PolicyEvaluation Evaluation, IReadOnlyList<CpiIteration> Iterations, bool Converged);
