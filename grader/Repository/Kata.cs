using System.Text.RegularExpressions;

namespace Katas.Grader.Repository;

/// <summary>One kata: a folder <c>exercises/NN-name/</c> holding one test project.</summary>
/// <param name="Id">The folder name, e.g. <c>02-join</c>.</param>
/// <param name="ProjectPath">Full path of the kata's csproj.</param>
public sealed partial record Kata(string Id, string ProjectPath)
{
    /// <summary>The kata's number, e.g. 2 for <c>02-join</c>.</summary>
    public int Number => int.Parse(Id[..2], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The project name, e.g. <c>Join</c> (also the name of the built assembly).</summary>
    public string ProjectName => Path.GetFileNameWithoutExtension(ProjectPath);

    /// <summary>The kata folder under <c>exercises/</c>.</summary>
    public string Directory => Path.GetDirectoryName(ProjectPath)!;

    /// <summary>
    /// The id used by GitHub Classroom's grading reporter: letters and digits only (its error path rejects
    /// hyphens), e.g. <c>kata02join</c>; the reporter reads the variable <c>KATA02JOIN_RESULTS</c>.
    /// </summary>
    public string ClassroomId => "kata" + NonAlphanumeric().Replace(Id, "").ToLowerInvariant();

    /// <summary>Whether a folder name has the shape of a kata folder (<c>NN-kebab-name</c>).</summary>
    public static bool IsKataFolderName(string name) => KataFolder().IsMatch(name);

    [GeneratedRegex("^[0-9]{2}-[a-z0-9-]+$")]
    private static partial Regex KataFolder();

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonAlphanumeric();
}
