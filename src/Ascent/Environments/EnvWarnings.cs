using System.Diagnostics;

namespace Ascent.Environments;

/// <summary>
/// How environments warn (Gymnasium's <c>logger.warn</c>), for example when CartPole is stepped after its episode
/// terminated. A library must not write to the console: subscribe to <see cref="Raised"/> to log or count warnings;
/// without subscribers a warning goes to <see cref="Trace.TraceWarning(string)"/> (silent unless a trace listener is
/// configured).
/// </summary>
public static class EnvWarnings
{
    /// <summary>Raised for every warning; the sender is the environment that warned.</summary>
    public static event EventHandler<EnvWarningEventArgs>? Raised;

    internal static void Raise(Env env, string message)
    {
        var handler = Raised;
        if (handler is null) Trace.TraceWarning("{0}: {1}", env.Name, message);
        else handler(env, new EnvWarningEventArgs(env.Name, message));
    }
}

/// <summary>A warning raised by an environment.</summary>
/// <param name="EnvName">The environment's <see cref="Env.Name"/>.</param>
/// <param name="Message">What happened.</param>
public sealed class EnvWarningEventArgs(string EnvName, string Message) : EventArgs
{
    /// <summary>The environment's <see cref="Env.Name"/>.</summary>
    public string EnvName { get; } = EnvName;

    /// <summary>What happened.</summary>
    public string Message { get; } = Message;

    /// <inheritdoc />
    public override string ToString() => $"{EnvName}: {Message}";
}
