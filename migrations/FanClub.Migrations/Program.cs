using Microsoft.EntityFrameworkCore;

namespace FanClub.Migrations;

/// <summary>
/// Applies pending migrations to the database named by <c>ConnectionStrings__FanClub</c>.
/// <c>./fanclub run</c> calls it before starting the site; a production deployment can run the
/// idempotent script (<c>migrations/FanClub.Migrations/migrations.sql</c>) instead.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__FanClub")))
        {
            await Console.Error.WriteLineAsync("fanclub-migrate: ConnectionStrings__FanClub is not set.");
            return 2;
        }

        await using var db = new DesignTimeDbContextFactory().CreateDbContext(args);
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        Console.WriteLine(pending.Count == 0
            ? "    schema is up to date"
            : $"    applying {pending.Count} migration(s): {string.Join(", ", pending)}");
        await db.Database.MigrateAsync();
        return 0;
    }
}
