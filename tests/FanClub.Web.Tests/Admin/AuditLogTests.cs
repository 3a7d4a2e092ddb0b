using FanClub.Web.Admin.Audit;
using FanClub.Web.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Admin;

public sealed class AuditLogTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task An_entry_carries_the_actor_the_address_the_time_and_the_states_as_json()
    {
        var member = Guid.NewGuid();
        var actor = Guid.NewGuid();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.7");
            context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, actor.ToString()),
                new(System.Security.Claims.ClaimTypes.Name, "boss@example.com"),
            ], "test"));
            scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = context;
            var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            await log.RecordAsync(new AuditRecord("member.comp", "member", member.ToString(), member.ToString(), "  Contest winner ",
                Before: null, After: new { Tier = "VIP", Days = 30 }), CancellationToken.None);
            scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = null;
        }

        await using var db = Database.CreateContext();
        var entry = await db.AuditLog.SingleAsync();
        Assert.Equal("member.comp", entry.Action);
        Assert.Equal(actor, entry.ActorId);
        Assert.Equal("boss@example.com", entry.ActorEmail);
        Assert.Equal("203.0.113.7", entry.IpAddress);
        Assert.Equal(member, entry.MemberId);
        Assert.Equal("Contest winner", entry.Reason);
        Assert.Null(entry.Before);
        Assert.Equal("{\"tier\":\"VIP\",\"days\":30}", entry.After);
        Assert.InRange(entry.At, Factory.Clock.GetUtcNow().AddSeconds(-1), Factory.Clock.GetUtcNow().AddSeconds(1));
    }

    [Fact]
    public async Task Entries_cannot_be_changed_or_deleted_through_the_app()
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(
                new AuditRecord("tier.archive", "tier", "vip", null, "Old", new { Archived = false }, new { Archived = true }), CancellationToken.None);
        }

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
            var entry = await db.AuditLog.SingleAsync();
            db.Entry(entry).Property(e => e.Reason).CurrentValue = "rewritten";
            var update = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("append-only", update.Message, StringComparison.Ordinal);

            db.ChangeTracker.Clear();
            db.Remove(await db.AuditLog.SingleAsync());
            var delete = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        }

        await using var check = Database.CreateContext();
        var kept = await check.AuditLog.SingleAsync();
        Assert.Equal("Old", kept.Reason);
        Assert.Equal("system", kept.ActorEmail);
    }

    [Fact]
    public void No_code_outside_the_audit_folder_writes_to_the_audit_log()
    {
        // The entity has no setter outside itself; this guards the raw-SQL and bulk paths EF interceptors do not see.
        var offenders = Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text
                && (text.Contains("audit_log", StringComparison.Ordinal) && !f.EndsWith("AuditEntryConfiguration.cs", StringComparison.Ordinal)
                    || text.Contains("AuditLog.ExecuteUpdate", StringComparison.Ordinal)
                    || text.Contains("AuditLog.ExecuteDelete", StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(offenders);
    }
}
