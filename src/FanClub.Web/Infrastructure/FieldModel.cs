namespace FanClub.Web.Infrastructure;

/// <summary>What the shared <c>_Field</c> partial needs to draw one input.</summary>
public sealed record FieldModel(string Name, string Label, string Type = "text", string? Value = null, string? AutoComplete = null, string? InputMode = null);
