using Ascent.Io.Config;
using Ascent.Search;

namespace Ascent.Algorithms.GradientFree;

/// <summary>
/// The options of a policy search with method <typeparamref name="TMethod"/>: the shared settings and the method's
/// options, flattened into one set of keys (<c>policy</c>, <c>seed</c>, …, <c>population_size</c>, …).
/// </summary>
/// <typeparam name="TMethod">The method's options record, e.g. <see cref="CrossEntropyMethodOptions"/>.</typeparam>
public sealed record PolicySearchOptions<TMethod> : ICheckedOptions where TMethod : class, ISearchMethodOptions, new()
{
    /// <summary>Policy, budget, seed and evaluation.</summary>
    [OptionGroup]
    public PolicySearchSettings Search { get; init; } = new();

    /// <summary>The method's options.</summary>
    [OptionGroup]
    public TMethod Method { get; init; } = new();

    /// <inheritdoc/>
    public void Check()
    {
        ArgumentNullException.ThrowIfNull(Search, nameof(Search));
        ArgumentNullException.ThrowIfNull(Method, nameof(Method));
        Search.Check();
        (Method as ICheckedOptions)?.Check();
    }
}
