using Microsoft.Extensions.Logging;

namespace LoanService.DbBench;

/// <summary>With LOANSERVICE_BENCH_TRACE=1: prints every SQL command EF Core runs and its time, to see where a close spends it.</summary>
internal sealed class TraceLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Warning || category == "Microsoft.EntityFrameworkCore.Database.Command";

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && (logLevel >= LogLevel.Warning || eventId.Id == 20101))
                Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {formatter(state, exception).Replace('\n', ' ')}");
        }
    }
}
