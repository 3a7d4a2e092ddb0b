using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FanClub.Web.Tests.Migrations;

public sealed class MigrationScriptTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task The_model_has_no_changes_without_a_migration()
    {
        await using var db = Database.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a migration with dotnet ef migrations add.");
    }

    [Fact]
    public async Task The_committed_idempotent_script_is_what_the_migrations_produce()
    {
        await using var db = Database.CreateContext();
        var expected = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var committed = await File.ReadAllTextAsync(RepositoryFiles.PathOf("migrations", "FanClub.Migrations", "migrations.sql"));

        Assert.True(Normalize(expected) == Normalize(committed),
            "migrations/FanClub.Migrations/migrations.sql is stale: regenerate it with dotnet ef migrations script --idempotent.");
    }

    private static string Normalize(string sql) => sql.ReplaceLineEndings("\n").Trim();
}
