using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FanClub.Web.Data;
using FanClub.Web.Partners;
using FanClub.Web.Tests.Streams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FanClub.Web.Tests.Performance;

/// <summary>
/// Every query the launch-night hot paths send (what <c>./fanclub bench</c> drives) is captured
/// as it runs against MariaDB, then EXPLAINed there: none may scan a whole table. The hot paths
/// run through the real host, so a new query on them is checked without being listed here.
/// </summary>
public sealed partial class HotQueryIndexTests(StreamFixture fixture) : StreamTest(fixture)
{
    /// <summary>Reference tables of a handful of rows, read whole on purpose (and cached in front).</summary>
    private static readonly HashSet<string> SmallTables = new(StringComparer.OrdinalIgnoreCase) { "tiers", "AspNetRoles" };

    [Fact]
    public async Task Every_query_of_the_hot_paths_uses_an_index()
    {
        var (member, memberId) = await MemberAsync("stream:live");
        var (partner, key) = PartnerAccount.Create("bench-" + Guid.NewGuid().ToString("N")[..6], "Partner", null, Factory.Clock.GetUtcNow());
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
        }

        using var partnerClient = Factory.CreateClient();
        partnerClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var anonymous = Factory.CreateClient();

        var commands = await CaptureAsync(async () =>
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await member.Http.GetAsync(new Uri("/members", UriKind.Relative))).StatusCode);
            await TokenAsync(member, "s1", NewSessionId());
            using var jwt = await member.Http.PostAsync(new Uri($"/api/me/tokens/{partner.Id}", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, jwt.StatusCode);
            var token = (await jwt.Content.ReadFromJsonAsync<MemberTokenResponse>())!.Token;
            using var access = await partnerClient.GetAsync(new Uri($"/api/partners/v1/members/{memberId}/access?key=stream:live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, access.StatusCode);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token });
            using var introspection = await partnerClient.PostAsync(new Uri("/api/partners/v1/introspect", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.OK, introspection.StatusCode);
        });

        var selects = commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(selects.Count >= 5, $"Only {selects.Count} queries captured.");
        var scans = new List<string>();
        await using var connection = new MySqlConnection(Fixture.Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var (sql, parameters) in selects.DistinctBy(c => c.Sql))
        {
            await using var explain = new MySqlCommand("EXPLAIN " + sql, connection);
            foreach (var (name, value) in parameters)
            {
                explain.Parameters.AddWithValue(name, value);
            }

            // EXPLAIN names tables by their alias in the query (`tiers` AS `t`).
            var aliases = TableAlias().Matches(sql).ToDictionary(m => m.Groups["alias"].Value, m => m.Groups["table"].Value, StringComparer.Ordinal);
            await using var plan = await explain.ExecuteReaderAsync();
            while (await plan.ReadAsync())
            {
                var table = plan["table"] is string named ? aliases.GetValueOrDefault(named, named) : null;
                var type = plan["type"] as string;
                if (table is not null && type == "ALL" && !SmallTables.Contains(table))
                {
                    scans.Add($"{table}: {sql}");
                }
            }
        }

        Assert.True(scans.Count == 0, "Full table scans on a hot path:\n" + string.Join("\n\n", scans));
    }

    [GeneratedRegex("(?:FROM|JOIN) `(?<table>[^`]+)` AS `(?<alias>[^`]+)`")]
    private static partial Regex TableAlias();

    /// <summary>The commands EF Core sends to this fixture's database while <paramref name="action"/> runs.</summary>
    private async Task<IReadOnlyList<(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)>> CaptureAsync(Func<Task> action)
    {
        var captured = new ConcurrentQueue<(string, IReadOnlyList<(string, object?)>)>();
        var database = Fixture.Database.Name;
        using var observer = new CommandObserver(command =>
        {
            if (string.Equals(command.Connection?.Database, database, StringComparison.Ordinal))
            {
                captured.Enqueue((command.CommandText,
                    [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value))]));
            }
        });
        using var subscription = DiagnosticListener.AllListeners.Subscribe(observer);
        await action();
        return [.. captured];
    }

    private sealed class CommandObserver(Action<DbCommand> onCommand) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data)
            {
                onCommand(data.Command);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
