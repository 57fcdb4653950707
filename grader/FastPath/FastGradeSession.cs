using Katas.Grader.Audit;
using Katas.Grader.CleanRoom;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Running;
using Katas.Grader.Scoring;

namespace Katas.Grader.FastPath;

/// <summary>How a grade was made: the full path (MSBuild and vstest) or the fast one, and why not the fast one.</summary>
/// <param name="Timings">Where a fast grade's time went (e.g. "compile 0.12 s, tests 0.61 s"); null for a full grade.</param>
public sealed record SessionGrade(GradeReport Report, bool Fast, string? WhyFull, string? Timings = null);

/// <summary>
/// Grades one kata again and again (<c>watch &lt;kata&gt;</c>, <c>verify</c>) under the rules of
/// <see cref="GradeRun"/>, fast after the first time. The first grade is the normal one (a clean-room MSBuild build and
/// a vstest run); then the kata's compiler command lines are captured and, at each later grade, the clean room is
/// written as always (only the protected files, checked against the manifest, and the kata's listed learner files),
/// the learner's assembly is compiled in-process (<see cref="FastKataBuild"/>), audited against the allow-list, and its
/// tests run in a fresh worker process that signs its results (<see cref="TestWorkerRun"/>). Whenever something the fast
/// path relies on changed (a protected file, the set of learner files, a source of the captured command lines) or it
/// cannot be used, the grade is the normal one, and the fast path is set up again after it.
/// </summary>
public sealed class FastGradeSession(KataRepository repository, GradingManifest manifest, string kataId, TestRunLimits? limits = null)
{
    private readonly ManifestKata _kata = manifest.Katas.Single(k => k.Id == kataId);
    private readonly TestRunLimits _limits = limits ?? TestRunLimits.Default;
    private FastKataBuild? _build;
    private string? _whyNoBuild;
    private IReadOnlyList<string> _learnerFiles = [];

    public async Task<SessionGrade> GradeAsync(CancellationToken cancellationToken = default)
    {
        var whyFull = _build is null ? _whyNoBuild ?? "first grade of the session" : WhyNotFast();
        if (whyFull is null)
        {
            var room = CleanRoomFolder.Prepare(repository, manifest, [_kata], fromSolutions: false);
            whyFull = room.Mismatches.Count > 0 ? "a protected file differs from the manifest"
                : _build!.Sources.FirstOrDefault(s => !File.Exists(s)) is { } missing ? $"{missing} is gone" : null;
            if (whyFull is null)
            {
                var (fastReport, timings) = await FastAsync(room, _build!, cancellationToken).ConfigureAwait(false);
                return new SessionGrade(fastReport, true, null, timings);
            }
        }
        var report = await GradeRun.RunAsync(repository, manifest, new GradeOptions(Only: kataId, Limits: _limits), cancellationToken).ConfigureAwait(false);
        await SetUpAsync(cancellationToken).ConfigureAwait(false);
        return new SessionGrade(report, false, whyFull);
    }

    /// <summary>Why the next grade cannot be fast, or null when it can.</summary>
    private string? WhyNotFast()
    {
        var onDisk = repository.Katas().FirstOrDefault(k => k.Id == kataId);
        if (onDisk is null) return "the kata's folder is gone";
        if (ProtectedFiles.Changed(repository, manifest.SharedFiles, []).Count > 0
            || ProtectedFiles.Changed(repository, _kata.ProtectedFiles, ProtectedFiles.OfKata(onDisk)).Count > 0) return "a protected file changed";
        return PresentLearnerFiles().SequenceEqual(_learnerFiles, StringComparer.Ordinal) ? null : "a learner file was added or removed";
    }

    private List<string> PresentLearnerFiles() => FileSelection.LearnerFileNames(repository, _kata)
        .Where(n => File.Exists(Path.Combine(repository.ExercisesDirectory, kataId, n))).ToList();

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        _build = null;
        _learnerFiles = PresentLearnerFiles();
        _whyNoBuild = WhyNotFast(); // tests modified, or the kata is gone: the full path it is
        if (_whyNoBuild is not null) return;
        var room = CleanRoomFolder.Prepare(repository, manifest, [_kata], fromSolutions: false);
        if (room.Mismatches.Count > 0)
        {
            _whyNoBuild = "a protected file differs from the manifest";
            return;
        }
        var learnerSources = _learnerFiles.Select(n => Path.Combine(room.Root, kataId, "learner", n));
        (_build, _whyNoBuild) = await FastKataBuild.SetUpAsync(room, room.Katas[kataId], learnerSources, cancellationToken).ConfigureAwait(false);
        // Compile once now, in the background: the compiler's first run is its slowest (JIT), and the next save is not now.
        if (_build is { } build) _warmUp = Task.Run(() => { try { build.Build(); } catch (IOException) { } }, cancellationToken);
    }

    /// <summary>Why the next grade cannot be fast even if nothing changes (null once the fast path is set up).</summary>
    public string? Unavailable => _build is null ? _whyNoBuild ?? "no grade yet" : null;

    private Task _warmUp = Task.CompletedTask;

    private async Task<(GradeReport, string)> FastAsync(CleanRoomFolder room, FastKataBuild build, CancellationToken cancellationToken)
    {
        try { await _warmUp.ConfigureAwait(false); } catch (OperationCanceledException) { }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = build.Build();
        var timings = $"compile {clock.Elapsed.TotalSeconds:0.00} s{(outcome.TestsRecompiled ? " (tests too)" : "")}";
        KataGrade grade;
        if (outcome.Error is { } error)
        {
            grade = Scorer.Grade(_kata, VariantRun.NotCompiled(error), []);
        }
        else if (LearnerAssemblyAudit.AuditFile(build.LearnerAssembly, room.DisplayPath, _kata.Project) is { Count: > 0 } violations)
        {
            grade = ForbiddenApiGrade.Of(_kata, violations);
        }
        else
        {
            clock.Restart();
            var run = await TestWorkerRun.RunAsync(build.TestAssembly, Path.Combine(room.WorkDirectory, "fast-results", kataId), _limits, cancellationToken).ConfigureAwait(false);
            timings += $", tests {clock.Elapsed.TotalSeconds:0.00} s";
            grade = Scorer.Grade(_kata, run, []);
        }
        grade = grade with { Ignored = [.. FileSelection.IgnoredAbove(repository, manifest), .. FileSelection.IgnoredInKata(repository, _kata)] };
        return (new GradeReport([grade], "exercises"), timings);
    }
}
