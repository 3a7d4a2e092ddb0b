using System.Text.Json;
using FanClub.Web.Hosting;
using FanClub.Web.Partners;
using FanClub.Web.Streams;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Tests.Hosting;

/// <summary>
/// The launch-night answers are written by the serializer generated at build time (<see cref="HotPathJson"/>),
/// with the same names as before: camelCase, and RFC 7662's own for introspection, nulls left out.
/// </summary>
public sealed class HotPathJsonTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Theory]
    [InlineData(typeof(AccessResponse))]
    [InlineData(typeof(EntitlementsResponse))]
    [InlineData(typeof(IntrospectionResponse))]
    [InlineData(typeof(StreamTokenRequest))]
    [InlineData(typeof(StreamTokenResponse))]
    public void The_minimal_apis_serialize_the_hot_path_types_with_generated_code(Type type)
    {
        var options = Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        Assert.Same(HotPathJson.Default, options.GetTypeInfo(type).OriginatingResolver);
    }

    [Fact]
    public void The_generated_code_writes_the_names_the_partners_read()
    {
        var options = Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var access = JsonSerializer.Serialize(new AccessResponse(Guid.Empty, "stream:live", true, "subscription", null), options);
        Assert.Equal("""{"member":"00000000-0000-0000-0000-000000000000","key":"stream:live","allowed":true,"reason":"subscription","validUntil":null}""", access);
        Assert.Equal("""{"active":false}""", JsonSerializer.Serialize(IntrospectionResponse.Inactive, options));
        Assert.Equal("""{"active":true,"sub":"m","exp":2}""", JsonSerializer.Serialize(new IntrospectionResponse(true, Sub: "m", Exp: 2), options));
    }
}
