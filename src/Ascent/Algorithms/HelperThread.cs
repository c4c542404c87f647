namespace Ascent.Algorithms;

/// <summary>
/// A second thread that runs one piece of work while the calling thread runs another, then joins: how PPO computes the
/// critic's minibatch gradient on the second core while the first computes the actor's (<c>update_threads: 2</c>).
/// </summary>
/// <remarks>
/// <para>The two pieces must touch disjoint data (their own tapes, parameters and gradients); the result is then
/// exactly what running them one after the other gives, whatever the scheduling — determinism does not depend on the
/// thread count.</para>
/// <para>The hand-off spins briefly before blocking, so back-to-back minibatches (tens of microseconds each) do not pay
/// an operating-system wake-up every time. An exception on the helper thread is rethrown by <see cref="Run"/>.</para>
/// </remarks>
public sealed class HelperThread : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _start = new(false, 2047), _done = new(false, 2047);
    private Action? _work;
    private Exception? _error;
    private volatile bool _stopping;

    /// <summary>Starts the helper thread (a background thread named <paramref name="name"/>).</summary>
    public HelperThread(string name)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="onHelper"/> on the helper thread and <paramref name="onCaller"/> on this one, and returns when both have finished.</summary>
    public void Run(Action onHelper, Action onCaller)
    {
        ArgumentNullException.ThrowIfNull(onHelper);
        ArgumentNullException.ThrowIfNull(onCaller);
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = onHelper;
        _error = null;
        _done.Reset();
        _start.Set();
        try
        {
            onCaller();
        }
        finally
        {
            _done.Wait();
        }
        if (_error is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();   // as if it had happened here
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            _start.Reset();
            if (_stopping) return;
            try
            {
                _work!();
            }
            catch (Exception e)
            {
                _error = e;
            }
            _done.Set();
        }
    }

    /// <summary>Stops the helper thread.</summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _start.Set();
        _thread.Join();
        _start.Dispose();
        _done.Dispose();
    }
}
