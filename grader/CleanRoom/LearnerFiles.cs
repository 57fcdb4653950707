namespace Katas.Grader.CleanRoom;

/// <summary>
/// A kata's learner files: the top-level <c>*.cs</c> of its folder that are not tests (<c>*Tests.cs</c>), e.g.
/// <c>Join.cs</c>, or <c>Select.cs</c> and <c>Winner.cs</c>. The manifest lists them by name when it is made; grading
/// builds those names and nothing else of the learner's folder.
/// </summary>
public static class LearnerFiles
{
    /// <summary>The file names (not paths), sorted.</summary>
    public static IReadOnlyList<string> Of(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.cs", SearchOption.TopDirectoryOnly)
                .Select(Path.GetFileName).OfType<string>()
                .Where(name => !name.EndsWith("Tests.cs", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList()
            : [];
}
