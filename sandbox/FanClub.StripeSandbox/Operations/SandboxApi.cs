namespace FanClub.StripeSandbox.Operations;

/// <summary>The sandbox's own endpoints under /sandbox: health and fault injection for scripts.</summary>
internal static class SandboxApi
{
    public static void MapSandboxOperations(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        sandbox.MapPost("/faults", (SandboxFaults faults, int? latency_ms, int? fail_next, int? fail_status, int? timeout_next,
            string? path, string? method, string? kind, int? count, int? delay_ms) =>
        {
            if (path is not null)
            {
                if (!path.StartsWith("/v1", StringComparison.Ordinal) || !Enum.TryParse<FaultKind>((kind ?? "fail").Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed))
                {
                    return Results.BadRequest(new { error = "path must start with /v1; kind is fail, timeout, delay, drop_before or drop_after" });
                }

                faults.Add(new FaultRule(path, parsed, count ?? 1, method, fail_status ?? StatusCodes.Status500InternalServerError, TimeSpan.FromMilliseconds(delay_ms ?? 0)));
                return Results.NoContent();
            }

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
