using System.Data.Common;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace FanClub.Testing;

/// <summary>
/// A database of its own on the throw-away MariaDB that <c>./fanclub test</c> starts, migrated with
/// the real migrations. Each test assembly gets one; <see cref="ResetAsync"/> empties it between tests.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Tables that hold data written at start-up (roles, the cookie key ring the host holds in memory), kept across resets.</summary>
    private static readonly HashSet<string> KeptTables = new(StringComparer.OrdinalIgnoreCase) { "__EFMigrationsHistory", "AspNetRoles", "data_protection_keys" };

    private readonly string _serverConnectionString;
    private IReadOnlyList<string> _tables = [];

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new MySqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <param name="purpose">Part of the database name.</param>
    /// <param name="server">Another server than the shared test one (a <see cref="PrivateMariaDb"/>).</param>
    public static async Task<TestDatabase> CreateAsync(string purpose, string? server = null)
    {
        server ??= Environment.GetEnvironmentVariable("FANCLUB_TEST_DB");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                "FANCLUB_TEST_DB is not set. Run the suite with './fanclub test', which starts a private MariaDB for it.");
        }

        var name = $"fc_{purpose}_{Guid.NewGuid():N}";
        var database = new TestDatabase(server, name);
        await database.ExecuteOnServerAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        await using (var db = database.CreateContext())
        {
            await db.Database.MigrateAsync();
        }

        database._tables = await database.ListTablesAsync();
        return database;
    }

    public FanClubDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<FanClubDbContext>();
        DataServiceCollectionExtensions.ConfigureMariaDb(options, ConnectionString);
        return new FanClubDbContext(options.Options);
    }

    /// <summary>Deletes every row a test may have written, keeping the schema and the roles.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SET FOREIGN_KEY_CHECKS = 0; "
            + string.Concat(_tables.Where(t => !KeptTables.Contains(t)).Select(t => $"DELETE FROM `{t}`; "))
            + "SET FOREIGN_KEY_CHECKS = 1;";
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM `{table}`";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<IReadOnlyList<string>> ListTablesAsync()
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'";
        var tables = new List<string>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new MySqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }
}
