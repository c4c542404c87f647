using System.Runtime.ExceptionServices;

namespace Ascent.Environments.Vector;

/// <summary>
/// Persistent worker threads that run chunk 1…k−1 of a job while the calling thread runs chunk 0, then wait for all.
/// Allocation-free per run (the job delegate is created once by the owner).
/// </summary>
internal sealed class ChunkWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done;
    private Action<int>? _job;
    private ExceptionDispatchInfo? _error;
    private volatile bool _stopping;

    /// <summary>Starts <paramref name="workers"/> background threads (chunks 1…workers).</summary>
    public ChunkWorkers(int workers, string name)
    {
        _threads = new Thread[workers];
        _start = new SemaphoreSlim[workers];
        _done = new CountdownEvent(1);
        for (int w = 0; w < workers; w++)
        {
            _start[w] = new SemaphoreSlim(0);
            int chunk = w + 1;
            _threads[w] = new Thread(() => Loop(chunk)) { IsBackground = true, Name = $"{name} worker {chunk}" };
            _threads[w].Start();
        }
    }

    /// <summary>The number of chunks a run covers: the workers plus the calling thread.</summary>
    public int Chunks => _threads.Length + 1;

    /// <summary>Runs <paramref name="job"/>(c) for every chunk c, chunk 0 on the calling thread; rethrows the first failure.</summary>
    public void Run(Action<int> job)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _job = job;
        _error = null;
        _done.Reset(_threads.Length);
        foreach (var s in _start) s.Release();
        try { job(0); }
        finally { _done.Wait(); }
        _error?.Throw();
    }

    private void Loop(int chunk)
    {
        var start = _start[chunk - 1];
        while (true)
        {
            start.Wait();
            if (_stopping) return;
            try { _job!(chunk); }
            catch (Exception e) { Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null); }
            finally { _done.Signal(); }
        }
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        foreach (var s in _start) s.Release();
        foreach (var t in _threads) t.Join();
        foreach (var s in _start) s.Dispose();
        _done.Dispose();
    }
}
