using Ascent.Environments;
using Ascent.Search;

namespace Ascent.Algorithms.GradientFree;

// The search methods by their short names, as the CLI calls them (`ascent train cem …`): each is exactly
// PolicySearch<its options>, so `new Cem("linear", "CartPole-v1", options).Run(budget)` reads like `new Ppo(…)`.
// Models they save load with Cem.Load (inherited), PolicySearchMethods.Load, or the CLI.

/// <summary>Policy search by the cross-entropy method (<see cref="CrossEntropyMethod"/>); <c>ascent train cem</c>.</summary>
public sealed class Cem : PolicySearch<CrossEntropyMethodOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public Cem(string policy, string envId, PolicySearchOptions<CrossEntropyMethodOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public Cem(string envId, PolicySearchOptions<CrossEntropyMethodOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public Cem(Func<Env> makeEnv, PolicySearchOptions<CrossEntropyMethodOptions>? options = null) : base(makeEnv, options) { }
}

/// <summary>Policy search by CMA-ES (<see cref="CovarianceMatrixAdaptation"/>); <c>ascent train cmaes</c>.</summary>
public sealed class CmaEs : PolicySearch<CmaEsOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public CmaEs(string policy, string envId, PolicySearchOptions<CmaEsOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public CmaEs(string envId, PolicySearchOptions<CmaEsOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public CmaEs(Func<Env> makeEnv, PolicySearchOptions<CmaEsOptions>? options = null) : base(makeEnv, options) { }
}

/// <summary>Policy search by OpenAI-style evolution strategies (<see cref="EvolutionStrategies"/>); <c>ascent train es</c>.</summary>
public sealed class Es : PolicySearch<EvolutionStrategiesOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public Es(string policy, string envId, PolicySearchOptions<EvolutionStrategiesOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public Es(string envId, PolicySearchOptions<EvolutionStrategiesOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public Es(Func<Env> makeEnv, PolicySearchOptions<EvolutionStrategiesOptions>? options = null) : base(makeEnv, options) { }
}

/// <summary>Policy search by augmented random search (<see cref="AugmentedRandomSearch"/>); <c>ascent train ars</c>.</summary>
public sealed class Ars : PolicySearch<AugmentedRandomSearchOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public Ars(string policy, string envId, PolicySearchOptions<AugmentedRandomSearchOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public Ars(string envId, PolicySearchOptions<AugmentedRandomSearchOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public Ars(Func<Env> makeEnv, PolicySearchOptions<AugmentedRandomSearchOptions>? options = null) : base(makeEnv, options) { }
}

/// <summary>Policy search by the genetic algorithm (<see cref="GeneticAlgorithm"/>); <c>ascent train ga</c>.</summary>
public sealed class Ga : PolicySearch<GeneticAlgorithmOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public Ga(string policy, string envId, PolicySearchOptions<GeneticAlgorithmOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public Ga(string envId, PolicySearchOptions<GeneticAlgorithmOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public Ga(Func<Env> makeEnv, PolicySearchOptions<GeneticAlgorithmOptions>? options = null) : base(makeEnv, options) { }
}

/// <summary>Policy search by hill climbing with an adaptive step (<see cref="HillClimbing"/>); <c>ascent train hill</c>.</summary>
public sealed class HillClimber : PolicySearch<HillClimbingOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public HillClimber(string policy, string envId, PolicySearchOptions<HillClimbingOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public HillClimber(string envId, PolicySearchOptions<HillClimbingOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public HillClimber(Func<Env> makeEnv, PolicySearchOptions<HillClimbingOptions>? options = null) : base(makeEnv, options) { }
}

/// <summary>Policy search by the Nelder–Mead simplex (<see cref="NelderMead"/>); <c>ascent train nelder-mead</c>.</summary>
public sealed class NelderMeadSearch : PolicySearch<NelderMeadOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public NelderMeadSearch(string policy, string envId, PolicySearchOptions<NelderMeadOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public NelderMeadSearch(string envId, PolicySearchOptions<NelderMeadOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public NelderMeadSearch(Func<Env> makeEnv, PolicySearchOptions<NelderMeadOptions>? options = null) : base(makeEnv, options) { }
}

/// <summary>Policy search by the finite-difference policy gradient (<see cref="FiniteDifferenceGradient"/>); <c>ascent train fd</c>.</summary>
public sealed class FiniteDifferenceSearch : PolicySearch<FiniteDifferenceGradientOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public FiniteDifferenceSearch(string policy, string envId, PolicySearchOptions<FiniteDifferenceGradientOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public FiniteDifferenceSearch(string envId, PolicySearchOptions<FiniteDifferenceGradientOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public FiniteDifferenceSearch(Func<Env> makeEnv, PolicySearchOptions<FiniteDifferenceGradientOptions>? options = null) : base(makeEnv, options) { }
}

/// <summary>Policy search by Kohl &amp; Stone's finite-difference gradient (the AIBO walk) (<see cref="KohlStonePolicyGradient"/>); <c>ascent train kohl-stone</c>.</summary>
public sealed class KohlStone : PolicySearch<KohlStoneOptions>
{
    /// <summary>Searches <paramref name="policy"/> (<c>linear</c>, <c>mlp:16</c>, …) on the registered environment <paramref name="envId"/>.</summary>
    public KohlStone(string policy, string envId, PolicySearchOptions<KohlStoneOptions>? options = null) : base(policy, envId, options) { }

    /// <summary>Searches the options' policy on the registered environment <paramref name="envId"/>.</summary>
    public KohlStone(string envId, PolicySearchOptions<KohlStoneOptions>? options = null) : base(envId, options) { }

    /// <summary>Searches on environments made by <paramref name="makeEnv"/> (one per evaluation thread).</summary>
    public KohlStone(Func<Env> makeEnv, PolicySearchOptions<KohlStoneOptions>? options = null) : base(makeEnv, options) { }
}
