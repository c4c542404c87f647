using System.Buffers.Binary;
using Ascent.Io.Onnx.Protos;
using Google.Protobuf;
using DataType = Ascent.Io.Onnx.Protos.TensorProto.Types.DataType;

namespace Ascent.Io.Onnx;

/// <summary>
/// Appends inputs, constants, nodes and outputs to an ONNX <see cref="GraphProto"/> — the plumbing that lets
/// <see cref="OnnxExporter"/> read as the sequence of operations it writes. Every added value is named by the caller;
/// a node's name is the name of the value it produces.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The symbolic name of the leading (batch) dimension of inputs and outputs.</summary>
    public const string BatchDimension = "batch";

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string name, string docString)
    {
        Graph = new GraphProto { Name = name, DocString = docString };
    }

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph { get; }

    /// <summary>Declares a graph input <c>[batch, dims…]</c> and returns its name.</summary>
    public string Input(string name, DataType type, string docString, params long[] dims)
    {
        Define(name);
        Graph.Input.Add(ValueInfo(name, type, docString, batched: true, dims));
        return name;
    }

    /// <summary>Declares the existing value <paramref name="name"/> a graph output of shape <c>[batch, dims…]</c> (or <c>[dims…]</c> when not <paramref name="batched"/>).</summary>
    public void Output(string name, DataType type, string docString, bool batched, params long[] dims)
    {
        if (!_values.Contains(name)) throw new InvalidOperationException($"OnnxGraphBuilder: output '{name}' is not a value of the graph.");
        Graph.Output.Add(ValueInfo(name, type, docString, batched, dims));
    }

    /// <summary>Adds a float32 constant (an initializer) and returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return AddInitializer(name, DataType.Float, bytes, dims);
    }

    /// <summary>Adds a float64 constant (an initializer) and returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<double> values, params long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        return AddInitializer(name, DataType.Double, bytes, dims);
    }

    /// <summary>Adds an int64 scalar constant (an initializer) and returns its name.</summary>
    public string Constant(string name, long value)
    {
        var bytes = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return AddInitializer(name, DataType.Int64, bytes);
    }

    /// <summary>Adds the node <c>output = opType(inputs…)</c> with the given attributes and returns <paramref name="output"/>.</summary>
    public string Node(string opType, string output, string docString, string[] inputs, params AttributeProto[] attributes)
    {
        foreach (string input in inputs)
            if (!_values.Contains(input)) throw new InvalidOperationException($"OnnxGraphBuilder: node '{output}' ({opType}) reads '{input}', which is not defined yet.");
        Define(output);
        var node = new NodeProto { OpType = opType, Name = output, DocString = docString };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private string AddInitializer(string name, DataType type, byte[] rawData, params long[] dims)
    {
        Define(name);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(rawData) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return name;
    }

    private void Define(string name)
    {
        if (!_values.Add(name)) throw new InvalidOperationException($"OnnxGraphBuilder: the value name '{name}' is used twice.");
    }

    private static ValueInfoProto ValueInfo(string name, DataType type, string docString, bool batched, long[] dims)
    {
        var shape = new TensorShapeProto();
        if (batched) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            DocString = docString,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
