namespace Ascent.Algorithms.TrustRegion;

/// <summary>
/// A symmetric linear map given only by its products: writes <c>A v</c> into <paramref name="result"/> (both of the
/// operator's size). <see cref="Distributions.FisherVectorProduct{TDistribution}.Apply"/> has this shape.
/// </summary>
public delegate void LinearOperator(ReadOnlySpan<float> v, Span<float> result);
