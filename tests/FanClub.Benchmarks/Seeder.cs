using System.Globalization;
using System.Text;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FanClub.Benchmarks;

/// <summary>A seeded member the benchmark may use: its id, e-mail and tier.</summary>
internal sealed record SeededMember(Guid Id, string Email, string Tier, string Status);

/// <summary>
/// Inserts the launch-night population straight into MariaDB with multi-row INSERTs, a thousand
/// rows a statement: 90% hold a subscription spread over the tiers (most active, some trialing,
/// some past due, some canceled), 10% none. Every member shares one password hash (hashing
/// 100,000 passwords at 210,000 iterations would take an hour, and the hash is per row anyway).
/// </summary>
internal static class Seeder
{
    public const string Domain = "bench.fanclub.test";
    public const string Password = "launch night bench password";
    private const int Batch = 1000;

    public static async Task<IReadOnlyList<SeededMember>> SeedAsync(string connectionString, int count, CancellationToken ct)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(ct);

        var tiers = new List<(Guid Id, string Slug)>();
        await using (var read = new MySqlCommand("SELECT Id, Slug FROM tiers WHERE IsArchived = 0 ORDER BY SortOrder", connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tiers.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        if (tiers.Count == 0)
        {
            throw new InvalidOperationException("No tiers: start the site with Demo__Seed=true first.");
        }

        var roleId = (Guid)(await Scalar(connection, "SELECT Id FROM AspNetRoles WHERE NormalizedName = 'MEMBER'", ct)
            ?? throw new InvalidOperationException("No Member role."));
        var members = Plan(count, tiers);
        var existing = Convert.ToInt64(await Scalar(connection, $"SELECT COUNT(*) FROM AspNetUsers WHERE NormalizedEmail LIKE '%@{Domain.ToUpperInvariant()}'", ct), CultureInfo.InvariantCulture);
        if (existing >= count)
        {
            Console.WriteLine($"    {existing:N0} members already seeded");
            return await LoadAsync(connection, ct);
        }

        var hash = new PasswordHasher<FanClubUser>(Options.Create(new PasswordHasherOptions { IterationCount = AccountsServiceCollectionExtensions.PasswordHashIterations }))
            .HashPassword(new FanClubUser(), Password);
        var now = DateTime.UtcNow;
        foreach (var chunk in members.Chunk(Batch))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await Execute(connection, transaction, Users(chunk, hash, now), ct);
            await Execute(connection, transaction, Roles(chunk, roleId), ct);
            var subscribed = chunk.Where(m => m.Plan.Status is not null).ToArray();
            if (subscribed.Length > 0)
            {
                await Execute(connection, transaction, Customers(subscribed, now), ct);
                await Execute(connection, transaction, Subscriptions(subscribed, now), ct);
            }

            await transaction.CommitAsync(ct);
        }

        await Execute(connection, null, "ANALYZE TABLE AspNetUsers, subscriptions, billing_customers, AspNetUserRoles", ct);
        return await LoadAsync(connection, ct);
    }

    private static async Task<IReadOnlyList<SeededMember>> LoadAsync(MySqlConnection connection, CancellationToken ct)
    {
        var result = new List<SeededMember>();
        const string sql = """
            SELECT u.Id, u.Email, COALESCE(t.Slug, ''), COALESCE(s.Status, '')
            FROM AspNetUsers u
            LEFT JOIN subscriptions s ON s.MemberId = u.Id
            LEFT JOIN tiers t ON t.Id = s.TierId
            WHERE u.NormalizedEmail LIKE '%@BENCH.FANCLUB.TEST'
            """;
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new SeededMember(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return result;
    }

    private sealed record PlannedMember(Guid Id, int Number, string Email, Guid TierId, (string? Status, int DaysAgo) Plan);

    private static List<PlannedMember> Plan(int count, List<(Guid Id, string Slug)> tiers)
    {
        var random = new Random(20261125);
        var members = new List<PlannedMember>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            (string? Status, int DaysAgo) plan = roll switch
            {
                < 10 => (null, 0),
                < 78 => ("Active", random.Next(1, 29)),
                < 84 => ("Trialing", random.Next(0, 6)),
                < 92 => ("PastDue", random.Next(0, 5)),
                _ => ("Canceled", random.Next(30, 300)),
            };
            members.Add(new PlannedMember(Guid.CreateVersion7(), i, $"member{i:D6}@{Domain}", tiers[random.Next(tiers.Count)].Id, plan));
        }

        return members;
    }

    private static string Users(PlannedMember[] chunk, string hash, DateTime now)
    {
        var sql = new StringBuilder(
            "INSERT INTO AspNetUsers (Id, DisplayName, PreferredCulture, CreatedAt, UserName, NormalizedUserName, Email, NormalizedEmail, " +
            "EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount) VALUES ");
        foreach (var m in chunk)
        {
            var email = m.Email;
            sql.Append(CultureInfo.InvariantCulture,
                $"('{m.Id}','Fan {m.Number}','{(m.Number % 5 == 0 ? "fr" : "en")}','{Date(now)}','{email}','{email.ToUpperInvariant()}','{email}','{email.ToUpperInvariant()}',1,'{hash}','{Guid.NewGuid():N}','{Guid.NewGuid()}',0,0,1,0),");
        }

        return sql.ToString().TrimEnd(',');
    }

    private static string Roles(PlannedMember[] chunk, Guid roleId) =>
        "INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES " + string.Join(',', chunk.Select(m => $"('{m.Id}','{roleId}')"));

    private static string Customers(PlannedMember[] chunk, DateTime now) =>
        "INSERT INTO billing_customers (MemberId, StripeCustomerId, CreatedAt) VALUES " +
        string.Join(',', chunk.Select(m => $"('{m.Id}','cus_bench{m.Number:D6}','{Date(now)}')"));

    private static string Subscriptions(PlannedMember[] chunk, DateTime now)
    {
        var sql = new StringBuilder(
            "INSERT INTO subscriptions (Id, MemberId, TierId, StripeSubscriptionId, StripeCustomerId, StripePriceId, `Interval`, Status, " +
            "CurrentPeriodStart, CurrentPeriodEnd, CancelAtPeriodEnd, TrialEnd, PastDueSince, EndedAt, CreatedAt, ChangedAt) VALUES ");
        foreach (var m in chunk)
        {
            var (status, daysAgo) = m.Plan;
            var start = now.AddDays(-daysAgo);
            var end = status == "Canceled" ? start.AddDays(30) : start.AddDays(30);
            sql.Append(CultureInfo.InvariantCulture,
                $"('{Guid.CreateVersion7()}','{m.Id}','{m.TierId}','sub_bench{m.Number:D6}','cus_bench{m.Number:D6}','price_bench_{m.TierId:N}','Month','{status}'," +
                $"'{Date(start)}','{Date(end)}',0,{(status == "Trialing" ? $"'{Date(start.AddDays(7))}'" : "NULL")}," +
                $"{(status == "PastDue" ? $"'{Date(now.AddHours(-daysAgo * 12))}'" : "NULL")},{(status == "Canceled" ? $"'{Date(end)}'" : "NULL")},'{Date(start)}','{Date(start)}'),");
        }

        return sql.ToString().TrimEnd(',');
    }

    private static string Date(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static async Task<object?> Scalar(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task Execute(MySqlConnection connection, MySqlTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
