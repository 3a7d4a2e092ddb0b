namespace FanClub.Web.Localization;

/// <summary>
/// Marker for the one resource set that holds every user-facing text
/// (<c>Resources/Localization/SharedResource*.resx</c>, English and French).
/// </summary>
public sealed class SharedResource;
