namespace FanClub.Web.Tests;

/// <summary>The checkout the tests were built from, for tests that read source files.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FanClub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No FanClub.sln above {AppContext.BaseDirectory}.");
    }
}
