using System.Collections;

namespace Katas.Grader.CleanRoom;

/// <summary>
/// The environment of a grading build. MSBuild reads every environment variable as a property, and the .NET host reads
/// <c>DOTNET_*</c> ones (a startup hook, extra dependencies): a variable inherited from the shell that started the grader
/// could inject targets (<c>CustomAfterMicrosoftCommonTargets</c>), swap the compiler (<c>CscToolPath</c>,
/// <c>DOTNET_HOST_PATH</c>) or change what is compiled (<c>KataSource</c>). Such variables are removed for the build
/// (not blanked: an empty <c>MSBuildSDKsPath</c> would break SDK resolution); the <c>dotnet</c> CLI sets its own.
/// (On GitHub Classroom the shell is the workflow's; this keeps a local or teacher's grade as clean.)
/// </summary>
public static class BuildEnvironment
{
    /// <summary>Prefixes of variables that steer MSBuild, the .NET host, the runtime or NuGet (compared ignoring case).</summary>
    private static readonly string[] SteeringPrefixes = ["MSBuild", "DOTNET_", "COMPlus_", "CORECLR_", "CORE_", "NUGET_", "VSTEST"];

    /// <summary>Variables kept although they match: the machine's installation and caches, and quiet output.</summary>
    private static readonly HashSet<string> Kept = new(StringComparer.OrdinalIgnoreCase)
    {
        "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_ROOT_X86", "DOTNET_ROOT_ARM64", "DOTNET_CLI_HOME", "DOTNET_INSTALL_DIR",
        "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO", "DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "DOTNET_MULTILEVEL_LOOKUP",
        "DOTNET_CLI_UI_LANGUAGE", "DOTNET_GENERATE_ASPNET_CERTIFICATE", "MSBUILDTERMINALLOGGER", "NUGET_PACKAGES", "NUGET_HTTP_CACHE_PATH",
        "NUGET_SCRATCH", "NUGET_PLUGINS_CACHE_PATH", "MSBUILDDISABLENODEREUSE",
    };

    /// <summary>MSBuild properties that would inject or change what the clean room builds when set as variables.</summary>
    private static readonly HashSet<string> SteeringProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "CustomBeforeMicrosoftCommonProps", "CustomAfterMicrosoftCommonProps", "CustomBeforeMicrosoftCommonTargets",
        "CustomAfterMicrosoftCommonTargets", "CustomBeforeMicrosoftCSharpProps", "CustomAfterMicrosoftCSharpProps",
        "CustomBeforeMicrosoftCSharpTargets", "CustomAfterMicrosoftCSharpTargets", "CustomBeforeDirectoryBuildProps",
        "CustomAfterDirectoryBuildProps", "ForceImportBeforeCppTargets", "ForceImportAfterCppTargets",
        "DirectoryBuildPropsPath", "DirectoryBuildTargetsPath", "DirectoryPackagesPropsPath", "ImportDirectoryBuildProps",
        "ImportDirectoryBuildTargets", "ImportDirectoryPackagesProps", "ImportProjectExtensionProps", "ImportProjectExtensionTargets",
        "ImportUserLocationsByWildcardBeforeMicrosoftCommonProps", "ImportUserLocationsByWildcardAfterMicrosoftCommonProps",
        "ImportUserLocationsByWildcardBeforeMicrosoftCommonTargets", "ImportUserLocationsByWildcardAfterMicrosoftCommonTargets",
        "CscToolPath", "CscToolExe", "DotnetCscCompilerPath", "RoslynTargetsPath", "RoslynCompilerType", "KataSource", "ArtifactsPivots",
        "ArtifactsPath", "BaseIntermediateOutputPath", "IntermediateOutputPath", "OutputPath", "OutDir", "DefineConstants",
        "AllowUnsafeBlocks", "LangVersion", "Features", "RestoreConfigFile", "RestoreSources", "RestorePackagesPath",
        "RestoreAdditionalProjectSources", "RestoreAdditionalProjectFallbackFolders", "NuGetPackageRoot", "AdditionalFiles",
        "Analyzer", "EnableNETAnalyzers", "RunAnalyzers", "UseSharedCompilation", "SharedCompilationId", "GraderMarkerDir",
    };

    /// <summary>Overrides for the build's environment: every steering variable of this process, removed (null).</summary>
    public static Dictionary<string, string?> Scrubbed() => Scrubbed(Environment.GetEnvironmentVariables());

    public static Dictionary<string, string?> Scrubbed(IDictionary variables)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is not string name || Kept.Contains(name)) continue;
            if (SteeringProperties.Contains(name) || SteeringPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                overrides[name] = null;
            }
        }
        return overrides;
    }
}
