using Ascent.Io.Config;
using Ascent.Nn;
using Ascent.Policies;

namespace Ascent.Training;

/// <summary>Translates RL Zoo's <c>policy_kwargs</c> (and Ascent's <c>shared_trunk</c>) into an <see cref="ActorCriticArchitecture"/>.</summary>
public static class PolicyArchitecture
{
    /// <summary>
    /// The architecture <paramref name="kwargs"/> describe (activation tanh or ReLU; squash_output unsupported), with one
    /// trunk for both heads when <paramref name="sharedTrunk"/> and gSDE exploration when <paramref name="stateDependentNoise"/>.
    /// </summary>
    public static ActorCriticArchitecture From(PolicyKwargs kwargs, bool sharedTrunk = false, bool stateDependentNoise = false)
    {
        ArgumentNullException.ThrowIfNull(kwargs);
        var activation = kwargs.ActivationFn switch
        {
            ActivationFunction.Tanh => Activation.Tanh,
            ActivationFunction.ReLU => Activation.Relu,
            _ => throw new ArgumentException($"policy_kwargs.activation_fn = {kwargs.ActivationFn} is not supported by Ascent's MLPs; use nn.Tanh or nn.ReLU."),
        };
        if (kwargs.SquashOutput)
            throw new ArgumentException("policy_kwargs.squash_output = True is not supported; use False.");
        return new ActorCriticArchitecture
        {
            PolicyHidden = kwargs.NetArch.Pi,
            ValueHidden = kwargs.NetArch.Vf,
            SharedTrunk = sharedTrunk,
            StateDependentNoise = stateDependentNoise,
            Activation = activation,
            OrthogonalInit = kwargs.OrthoInit,
            LogStdInit = (float)kwargs.LogStdInit,
        };
    }
}
