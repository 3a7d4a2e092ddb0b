using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Localization;

/// <summary>
/// Remembers every text looked up, per language. <see cref="ResourceManagerStringLocalizer"/> asks
/// <c>ResourceManager</c> each time, which takes a process-wide lock: under a launch-night crowd the
/// profile of the members page showed threads queued on it. Resources do not change while the
/// process runs, so an answer once found is the answer.
/// </summary>
public sealed class CachingStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<IStringLocalizer, CachingStringLocalizer> _localizers = new(ReferenceEqualityComparer.Instance);

    public IStringLocalizer Create(Type resourceSource) => Wrap(inner.Create(resourceSource));

    public IStringLocalizer Create(string baseName, string location) => Wrap(inner.Create(baseName, location));

    private CachingStringLocalizer Wrap(IStringLocalizer localizer) => _localizers.GetOrAdd(localizer, l => new CachingStringLocalizer(l));

    private sealed class CachingStringLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _texts = new();

        public LocalizedString this[string name]
        {
            get
            {
                ArgumentNullException.ThrowIfNull(name);
                return _texts.GetOrAdd((CultureInfo.CurrentUICulture.Name, name), key => inner[key.Name]);
            }
        }

        /// <summary>As <see cref="ResourceManagerStringLocalizer"/> does: the text (or the name) formatted in the current culture.</summary>
        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var format = this[name];
                return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound,
                    format.SearchedLocation);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
