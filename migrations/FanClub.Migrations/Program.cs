using FanClub.Migrations;
using Microsoft.EntityFrameworkCore;

// Applies pending migrations to the database named by ConnectionStrings__FanClub.
// ./fanclub run calls this before starting the site; production runs the idempotent
// script (migrations/FanClub.Migrations/migrations.sql) from its deployment pipeline instead.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__FanClub")))
{
    Console.Error.WriteLine("fanclub-migrate: ConnectionStrings__FanClub is not set.");
    return 2;
}

await using var db = new DesignTimeDbContextFactory().CreateDbContext(args);
var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
Console.WriteLine(pending.Count == 0
    ? "    schema is up to date"
    : $"    applying {pending.Count} migration(s): {string.Join(", ", pending)}");
await db.Database.MigrateAsync();
return 0;
