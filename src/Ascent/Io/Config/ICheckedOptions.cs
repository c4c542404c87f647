namespace Ascent.Io.Config;

/// <summary>
/// An options record that checks relations between its options (e.g. that <c>batch_size</c> divides
/// <c>n_steps × n_envs</c>); <see cref="OptionsBinder"/> calls <see cref="Check"/> after binding.
/// </summary>
public interface ICheckedOptions
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the options and values that do not fit together.</summary>
    void Check();
}
