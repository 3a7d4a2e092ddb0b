using System.Diagnostics;
using System.Globalization;
using System.Text;
using FanClub.Domain.Subscriptions;
using FanClub.Web.Admin.Members;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Admin;

public sealed class MemberSearchTests(WebAppFixture fixture, ITestOutputHelper output) : WebTest(fixture)
{
    private AdminSteps Steps => new(Factory);

    [Fact]
    public async Task The_search_finds_by_email_name_and_stripe_customer_and_exports_csv()
    {
        var admin = await Steps.AdminAsync();
        var zoe = await Steps.MemberAsync("Zoé Martin", "zoe.martin@example.com");
        var other = await Steps.MemberAsync("=cmd|' /C calc'!A0", "other@example.com");
        await using (var db = Database.CreateContext())
        {
            db.BillingCustomers.Add(new FanClub.Web.Billing.BillingCustomer { MemberId = zoe.Id, StripeCustomerId = "cus_ZOE123", CreatedAt = Factory.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        foreach (var text in new[] { "zoe.mar", "Zoé", "cus_ZOE" })
        {
            var page = Html.Decode(await admin.Client.GetStringAsync("/admin/members?q=" + Uri.EscapeDataString(text)));
            Assert.Contains("zoe.martin@example.com", page, StringComparison.Ordinal);
            Assert.DoesNotContain("other@example.com", page, StringComparison.Ordinal);
        }

        using var csv = await admin.Client.Http.GetAsync(new Uri("/admin/members?handler=Export", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,email,display_name,created_at,stripe_customer_id,tier_id,status", lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"{zoe.Id},zoe.martin@example.com,Zoé Martin,", StringComparison.Ordinal) && l.Contains("cus_ZOE123", StringComparison.Ordinal));
        // A name that a spreadsheet would run as a formula is exported as text.
        Assert.Contains(lines, l => l.Contains(",'=cmd|' /C calc'!A0,", StringComparison.Ordinal));
        Assert.Equal(4, lines.Length); // header, two members, the admin

        using var payments = await admin.Client.Http.GetAsync(new Uri("/admin/members?handler=ExportPayments", UriKind.Relative));
        Assert.StartsWith("id,member_id,email,kind,stripe_id,status,amount_minor", await payments.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        _ = other;
    }

    [Fact]
    public async Task The_audit_page_lists_filters_and_exports_entries()
    {
        var admin = await Steps.AdminAsync();
        var member = await Steps.MemberAsync();
        (await MemberActionTests.PostActionAsync(admin.Client, member.Id, "Ban", new() { ["Input.Reason"] = "Spam, twice", ["Input.Confirm"] = "true" })).Dispose();
        (await MemberActionTests.PostActionAsync(admin.Client, member.Id, "Unban", new() { ["Input.Reason"] = "Appeal" })).Dispose();

        var all = Html.Decode(await admin.Client.GetStringAsync("/admin/audit"));
        Assert.Contains("member.ban", all, StringComparison.Ordinal);
        Assert.Contains("member.unban", all, StringComparison.Ordinal);
        var bans = Html.Decode(await admin.Client.GetStringAsync("/admin/audit?action=member.ban"));
        Assert.Contains("Spam, twice", bans, StringComparison.Ordinal);
        Assert.DoesNotContain("member.unban", bans, StringComparison.Ordinal);

        using var csv = await admin.Client.Http.GetAsync(new Uri("/admin/audit?handler=Export", UriKind.Relative));
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains($",{admin.Email},", text, StringComparison.Ordinal);
        Assert.Contains(",member.ban,ban,", text, StringComparison.Ordinal);
        Assert.Contains("\"Spam, twice\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_stays_fast_with_100000_members()
    {
        const int Count = 100_000;
        var tierId = Guid.NewGuid();
        var seeding = Stopwatch.StartNew();
        await using (var connection = new MySqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            var start = Factory.Clock.GetUtcNow().UtcDateTime.AddDays(-400);
            for (var batch = 0; batch < Count / 2000; batch++)
            {
                var users = new StringBuilder("INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DisplayName, PreferredCulture, CreatedAt, SecurityStamp, ConcurrencyStamp) VALUES ");
                var customers = new StringBuilder("INSERT INTO billing_customers (MemberId, StripeCustomerId, CreatedAt) VALUES ");
                for (var i = 0; i < 2000; i++)
                {
                    var n = batch * 2000 + i;
                    var id = Guid.NewGuid();
                    var email = $"fan{n:D6}@bulk.example";
                    var created = start.AddMinutes(n * 5).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    users.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : "")}('{id}','{email}','{email.ToUpperInvariant()}','{email}','{email.ToUpperInvariant()}',1,0,0,1,0,'Fan {n:D6}','en','{created}','s','c')");
                    customers.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : "")}('{id}','cus_bulk{n:D6}','{created}')");
                }

                await using var insert = new MySqlCommand(users + ";" + customers, connection);
                await insert.ExecuteNonQueryAsync();
            }
        }

        seeding.Stop();
        output.WriteLine($"seeded {Count:N0} members in {seeding.Elapsed.TotalSeconds:0.0} s");

        await using var scope = Factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<MemberDirectory>();
        var queries = new (string Label, MemberQuery Query, int Expected)[]
        {
            ("first page, no filter", new MemberQuery(null, null, null, null), MemberDirectory.PageSize),
            ("e-mail prefix", new MemberQuery("fan09999", null, null, null), 10),
            ("name prefix", new MemberQuery("Fan 05000", null, null, null), 10),
            ("exact e-mail", new MemberQuery("fan054321@bulk.example", null, null, null), 1),
            ("Stripe customer", new MemberQuery("cus_bulk077777", null, null, null), 1),
            ("tier filter (none match)", new MemberQuery(null, tierId, SubscriptionStatus.Active, null), 0),
        };
        await directory.SearchAsync(queries[0].Query, CancellationToken.None); // warm up
        foreach (var (label, query, expected) in queries)
        {
            var timer = Stopwatch.StartNew();
            var page = await directory.SearchAsync(query, CancellationToken.None);
            timer.Stop();
            output.WriteLine($"{label}: {page.Rows.Count} rows in {timer.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(expected, page.Rows.Count);
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(2), $"{label} took {timer.Elapsed.TotalMilliseconds:0} ms");
        }

        // Page 1000 by the keyset cursor costs what page 1 costs.
        var next = (await directory.SearchAsync(queries[0].Query, CancellationToken.None)).Next;
        var deep = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            next = (await directory.SearchAsync(queries[0].Query with { After = next }, CancellationToken.None)).Next;
        }

        output.WriteLine($"20 further pages: {deep.Elapsed.TotalMilliseconds / 20:0} ms a page");

        // The prefix searches use the indexes, not a scan of the table.
        foreach (var (column, value) in new[] { ("NormalizedEmail", "FAN09999%"), ("DisplayName", "Fan 05000%") })
        {
            await using var connection = new MySqlConnection(Database.ConnectionString);
            await connection.OpenAsync();
            await using var explain = new MySqlCommand($"EXPLAIN SELECT Id FROM AspNetUsers WHERE {column} LIKE @p ORDER BY CreatedAt DESC, Id DESC LIMIT 51", connection);
            explain.Parameters.AddWithValue("@p", value);
            await using var reader = await explain.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var type = reader["type"].ToString();
            var key = reader["key"]?.ToString();
            output.WriteLine($"EXPLAIN {column} LIKE '{value}': type={type}, key={key}, rows={reader["rows"]}");
            Assert.Equal("range", type);
            Assert.False(string.IsNullOrEmpty(key));
        }
    }
}
