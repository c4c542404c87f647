namespace Ascent.Numerics.Kernels;

/// <summary>
/// A compile-time integer: kernels take these as generic arguments, so the JIT compiles a copy per tile size
/// with every <c>if (TRows.Value &gt; 3)</c> folded away and all accumulators held in registers.
/// </summary>
internal interface IConstInt
{
    static abstract int Value { get; }
}

internal struct C1 : IConstInt { public static int Value => 1; }
internal struct C2 : IConstInt { public static int Value => 2; }
internal struct C3 : IConstInt { public static int Value => 3; }
internal struct C4 : IConstInt { public static int Value => 4; }
internal struct C5 : IConstInt { public static int Value => 5; }
internal struct C6 : IConstInt { public static int Value => 6; }
internal struct C7 : IConstInt { public static int Value => 7; }
internal struct C8 : IConstInt { public static int Value => 8; }

/// <summary>
/// How the tile kernel walks A. Element <c>(row r, step p)</c> of the operand sits at
/// <c>a + r·lda + p</c> when rows are contiguous (A as stored, untransposed) and at <c>a + p·lda + r</c>
/// when columns are contiguous (A stored transposed, or a packed panel with <c>lda</c> = tile rows).
/// </summary>
internal interface IOperandLayout
{
    static abstract bool RowsContiguous { get; }
}

/// <summary>A's rows are contiguous: element (r, p) at <c>a + r·lda + p</c>.</summary>
internal struct RowWise : IOperandLayout { public static bool RowsContiguous => true; }
/// <summary>A's columns are contiguous: element (r, p) at <c>a + p·lda + r</c>.</summary>
internal struct ColumnWise : IOperandLayout { public static bool RowsContiguous => false; }
