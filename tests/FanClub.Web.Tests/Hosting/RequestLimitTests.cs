using System.Net;
using System.Text;
using FanClub.Web.Hosting;

namespace FanClub.Web.Tests.Hosting;

/// <summary>Bodies past the limits are refused with 413 and problem details, before anything reads them.</summary>
public sealed class RequestLimitTests(WebAppFixture fixture) : WebTest(fixture)
{
    public static TheoryData<string, long> Targets => new()
    {
        { "/account/login", RequestLimits.DefaultBodyBytes },
        { "/account/register", RequestLimits.DefaultBodyBytes },
        { "/api/partners/v1/introspect", RequestLimits.DefaultBodyBytes },
        { "/api/me/streams/main-stage/token", RequestLimits.DefaultBodyBytes },
        { "/webhooks/stripe", RequestLimits.WebhookBodyBytes },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_body_over_the_limit_is_refused_with_413_problem_details(string path, long limit)
    {
        using var client = Factory.CreateClient();
        using var content = new ByteArrayContent(new byte[limit + 1]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"maxBytes\":{limit}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await Database.CountAsync("AspNetUsers"));
    }

    [Fact]
    public async Task A_body_without_content_length_is_cut_off_at_the_limit()
    {
        using var client = Factory.CreateClient();
        var form = "Input.Email=" + new string('a', (int)RequestLimits.DefaultBodyBytes + 10);
        using var content = new StreamContent(new UnknownLengthStream(Encoding.ASCII.GetBytes(form)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var response = await client.PostAsync(new Uri("/api/partners/v1/introspect", UriKind.Relative), content);

        // The partner API authenticates first (401) unless the body is read: either way, never a 5xx.
        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_form_field_over_16_kib_is_refused_without_a_server_error()
    {
        var client = Accounts.NewClient();

        using var response = await client.SubmitAsync("/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = new string('a', RequestLimits.FormValueBytes + 1) + "@example.com",
            ["Input.Password"] = "whatever it is",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
