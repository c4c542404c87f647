// System.Numerics.Tensors also defines a Tensor type; Ascent uses only its TensorPrimitives kernels.
global using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
