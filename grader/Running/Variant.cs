namespace Katas.Grader.Running;

/// <summary>
/// One build of a test project: a kata compiled around its stub, its reference or one wrong answer
/// (<c>KataSource</c>), or a plain test project (the harness's or the grader's own tests, <c>KataSource</c> null).
/// </summary>
/// <param name="ProjectPath">Full path of the csproj.</param>
/// <param name="KataSource"><c>exercises</c>, <c>solutions</c>, <c>wrong/Name</c>, or null for a plain test project.</param>
public sealed record Variant(string ProjectPath, string? KataSource)
{
    public string ProjectName => Path.GetFileNameWithoutExtension(ProjectPath);

    /// <summary>The artifacts pivot of this build, as Directory.Build.props computes it: <c>debug_wrong-awaitssequentially</c>.</summary>
    public string Pivot => "debug_" + (KataSource ?? "exercises").Replace('/', '-').Replace('\\', '-').ToLowerInvariant();

    /// <summary>A key naming this build uniquely, used for its marker files.</summary>
    public string Key => $"{ProjectName}_{Pivot}";

    public override string ToString() => KataSource is null ? ProjectName : $"{ProjectName} ({KataSource})";
}
