namespace FanClub.StripeSandbox.Operations;

/// <summary>The sandbox's own endpoints under /sandbox: health and fault injection for scripts.</summary>
internal static class SandboxApi
{
    public static void MapSandboxOperations(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        sandbox.MapPost("/faults", (SandboxFaults faults, int? latency_ms, int? fail_next, int? fail_status, int? timeout_next) =>
        {
            if (latency_ms is { } latency)
            {
                faults.Latency = TimeSpan.FromMilliseconds(latency);
            }

            if (fail_next is { } failures)
            {
                faults.FailNext(failures, fail_status ?? StatusCodes.Status500InternalServerError);
            }

            if (timeout_next is { } timeouts)
            {
                faults.TimeOutNext(timeouts);
            }

            return Results.NoContent();
        });
        sandbox.MapDelete("/faults", (SandboxFaults faults) =>
        {
            faults.Reset();
            return Results.NoContent();
        });
    }
}
