using FanClub.Testing;

namespace FanClub.Web.Tests;

/// <summary>One migrated database and one running host for the whole assembly; tests reset the rows.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private FanClubWebFactory? _factory;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not started.");

    public FanClubWebFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not started.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("web");
        _factory = new FanClubWebFactory(_database);
        _ = _factory.Server; // start the host (and its start-up seeding) once, up front
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebTestGroup : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web";
}

/// <summary>Base for tests against the shared host: a clean database before each test.</summary>
[Collection(WebTestGroup.Name)]
public abstract class WebTest(WebAppFixture fixture) : IAsyncLifetime
{
    protected WebAppFixture Fixture { get; } = fixture;

    protected FanClubWebFactory Factory => Fixture.Factory;

    protected TestDatabase Database => Fixture.Database;

    protected Accounts.AccountSteps Accounts => new(Factory, Database);

    protected FormClient NewClient(bool followRedirects = false) =>
        new(Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects }));

    public Task InitializeAsync() => Database.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
