using System.Diagnostics;

namespace LoanService.DbBench;

/// <summary>The process's working set sampled every 100 ms while it runs; <see cref="PeakBytes"/> is the largest seen.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    public MemorySampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    public long PeakBytes { get; private set; }

    public long PeakManagedBytes { get; private set; }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        while (!_stop)
        {
            process.Refresh();
            PeakBytes = Math.Max(PeakBytes, process.WorkingSet64);
            PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(false));
            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
