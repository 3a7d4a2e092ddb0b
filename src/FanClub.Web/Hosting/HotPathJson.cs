using System.Text.Json;
using System.Text.Json.Serialization;
using FanClub.Web.Partners;
using FanClub.Web.Streams;

namespace FanClub.Web.Hosting;

/// <summary>
/// Serialization code generated at build time for the JSON the launch-night paths read and write
/// (partner checks, introspection, stream tokens), in the web defaults every API uses (camelCase,
/// the attributes on the records). Reflection-based serialization reads the same metadata through
/// converters built at run time; the generated code writes straight to the response.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AccessResponse))]
[JsonSerializable(typeof(EntitlementsResponse))]
[JsonSerializable(typeof(IntrospectionResponse))]
[JsonSerializable(typeof(StreamTokenRequest))]
[JsonSerializable(typeof(StreamTokenResponse))]
internal sealed partial class HotPathJson : JsonSerializerContext;
