using FanClub.StripeSandbox;

// Unset means a developer's machine: only an explicit Production is refused.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
        ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
        ?? Environments.Development,
});
if (builder.Environment.IsProduction())
{
    await Console.Error.WriteLineAsync("stripe-sandbox: refusing to start with ASPNETCORE_ENVIRONMENT=Production: this is a fake Stripe for development and tests.");
    return 1;
}

var options = builder.Configuration.GetSection("Sandbox").Get<StripeSandboxOptions>() ?? new StripeSandboxOptions();
builder.Services.AddStripeSandbox(options, new SandboxFaults());

var app = builder.Build();
app.MapStripeSandbox();
await app.RunAsync();
return 0;
