using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FanClub.Migrations;

/// <summary>
/// Lets dotnet-ef build the model without starting the web host or reaching a server: the server
/// version is pinned, and the connection string is only used by commands that touch a database.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FanClubDbContext>
{
    public FanClubDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__FanClub")
            ?? "Server=127.0.0.1;Port=3307;Database=fanclub;User=fanclub";
        var options = new DbContextOptionsBuilder<FanClubDbContext>();
        DataServiceCollectionExtensions.ConfigureMariaDb(options, connectionString);
        return new FanClubDbContext(options.Options);
    }
}
