using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FanClub.Web.Benchmarking;

/// <summary>
/// Counts every command EF Core sends to MariaDB, as the <c>fanclub.db.commands</c> counter of the
/// <c>FanClub.Data</c> meter (dotnet-counters, OpenTelemetry) and as a total the benchmark reads:
/// queries per request must not grow with the data (no N+1). One interlocked add per command.
/// </summary>
public sealed class QueryCounter : DbCommandInterceptor, IDisposable
{
    public const string MeterName = "FanClub.Data";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _commands;
    private long _total;

    public QueryCounter() => _commands = _meter.CreateCounter<long>("fanclub.db.commands", unit: "{command}", description: "Commands sent to the database.");

    public long Total => Interlocked.Read(ref _total);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public void Dispose() => _meter.Dispose();

    private void Count()
    {
        Interlocked.Increment(ref _total);
        _commands.Add(1);
    }
}
