using Ascent.Numerics;

namespace Ascent.Autodiff;

/// <summary>How an operand of an element-wise binary operation maps onto the output.</summary>
/// <remarks>
/// Ascent broadcasts only in the two explicit ways a network needs — a bias row added to every row, and
/// a scalar — and rejects everything else with both shapes in the message. In particular <c>[N, 1]</c>
/// against <c>[N]</c> is an error, not an <c>[N, N]</c> result (a classic value-loss bug).
/// </remarks>
internal enum Broadcast
{
    /// <summary>Same shape as the output.</summary>
    Full,
    /// <summary>A <c>[C]</c> or <c>[1, C]</c> row repeated over the <c>R</c> rows of an <c>[R, C]</c> output.</summary>
    Row,
    /// <summary>A single value (rank 0, <c>[1]</c> or <c>[1, 1]</c>) applied to every element.</summary>
    Scalar,
}

internal static class BroadcastRules
{
    /// <summary>Resolves the output shape and the broadcast mode of each operand, or throws naming both shapes.</summary>
    public static (Tensor Larger, Broadcast A, Broadcast B) Resolve(string op, Tensor a, Tensor b)
    {
        if (a.SameShape(b)) return (a, Broadcast.Full, Broadcast.Full);
        if (b.Size == 1 && a.Size != 1) return (a, Broadcast.Full, Broadcast.Scalar);
        if (a.Size == 1 && b.Size != 1) return (b, Broadcast.Scalar, Broadcast.Full);
        if (IsRowOf(b, a)) return (a, Broadcast.Full, Broadcast.Row);
        if (IsRowOf(a, b)) return (b, Broadcast.Row, Broadcast.Full);
        throw new ShapeMismatchException(op, a.ShapeString, b.ShapeString,
            "only equal shapes, a scalar, or a [C] / [1, C] row against [R, C] broadcast");
    }

    private static bool IsRowOf(Tensor row, Tensor matrix)
    {
        if (matrix.Rank != 2) return false;
        int c = matrix.Dim(1);
        return (row.Rank == 1 && row.Dim(0) == c) || (row.Rank == 2 && row.Dim(0) == 1 && row.Dim(1) == c);
    }
}
