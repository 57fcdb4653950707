using System.CommandLine;
using System.Globalization;
using System.Text;
using Katas.Grader.CleanRoom;
using Katas.Grader.Manifest;
using Katas.Grader.Repository;
using Katas.Grader.Scoring;

namespace Katas.Grader.Commands;

/// <summary>
/// <c>grade --repos &lt;folder&gt;</c> (teachers): grade every student clone under a folder, in parallel up to the core
/// count, against the teacher's manifest (never the student's own copy), and write a CSV gradebook: a row per student,
/// the commit graded, a column per kata, the total. Each clone's clean room is deleted once it is graded: a class of
/// clones would otherwise leave a build of every kata per student in the temp folder.
/// </summary>
public static class BatchGrading
{
    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions global, GradeOptionsSet options, DirectoryInfo folder, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            if (!folder.Exists) throw new BadInputException($"the folder {folder.FullName} does not exist.");
            var teacher = CommandRunner.Locate(parse.GetValue(global.Repository));
            var manifest = GradeCommand.LoadManifest(teacher);
            var folders = folder.EnumerateDirectories().Where(d => !d.Name.StartsWith('.')).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
            var students = folders.Where(d => KataRepository.IsRoot(d.FullName)).ToList();
            foreach (var other in folders.Except(students)) output.WriteLine($"Skipping {other.Name}: not a clone of the katas (no exercises/Directory.Build.targets).");
            if (students.Count == 0) throw new BadInputException($"no student clone under {folder.FullName} (a clone is a folder holding exercises/Directory.Build.targets).");

            output.WriteLine($"Grading {students.Count} clones against {teacher.Relative(teacher.ManifestPath)}, {Environment.ProcessorCount} at a time...");
            var results = new GradebookRow[students.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, students.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var student = students[i];
                    // Read before grading: the commit whose work is graded (grading writes only git-ignored files).
                    var commit = await GradedCommit.ReadAsync(student.FullName, token).ConfigureAwait(false);
                    var repository = KataRepository.At(student.FullName);
                    try
                    {
                        var report = await GradeRun.RunAsync(repository, manifest, new GradeOptions(), token).ConfigureAwait(false);
                        results[i] = new GradebookRow(student.Name, commit, report, null);
                        lock (output) output.WriteLine($"  {student.Name}: {report.Points:0.##}/{report.MaxPoints:0.##}");
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                    {
                        results[i] = new GradebookRow(student.Name, commit, null, e.Message);
                        lock (output) output.WriteLine($"  {student.Name}: could not be graded: {e.Message}");
                    }
                    finally
                    {
                        CleanRoomFolder.DeleteAll(repository);
                    }
                }).ConfigureAwait(false);

            var csv = Gradebook(manifest, results);
            var path = parse.GetValue(options.Gradebook)?.FullName ?? Path.Combine(folder.FullName, "gradebook.csv");
            await File.WriteAllTextAsync(path, csv, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Wrote the gradebook: {path}");
            return ExitCodes.Ok;
        }
        catch (BadInputException e)
        {
            error.WriteLine($"grader: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// The CSV gradebook: student, commit, committed_at, one column per kata (points), total, max, notes. RFC 4180 quoting.
    /// </summary>
    public static string Gradebook(GradingManifest manifest, IEnumerable<GradebookRow> results)
    {
        var text = new StringBuilder();
        var header = new List<string> { "student", "commit", "committed_at" };
        header.AddRange(manifest.Katas.Select(k => k.Id));
        header.AddRange(["total", "max", "notes"]);
        text.Append(string.Join(",", header.Select(Quote))).Append("\r\n");
        foreach (var (student, commit, report, error) in results)
        {
            var row = new List<string> { student, commit.Id, commit.CommittedAt };
            foreach (var kata in manifest.Katas)
            {
                var grade = report?.Katas.FirstOrDefault(k => k.Id == kata.Id);
                row.Add(grade is null ? "" : Number(grade.Points));
            }
            row.Add(report is null ? "" : Number(report.Points));
            row.Add(Number(manifest.TotalPoints));
            var notes = new List<string>();
            if (commit == GradedCommit.None) notes.Add("not a git clone: no commit to name");
            else if (commit.Uncommitted) notes.Add("uncommitted changes were graded too");
            if (error is not null) notes.Add(error);
            else notes.AddRange(report!.Katas
                .Where(k => k.State is not (KataState.Passed or KataState.InProgress or KataState.NotStarted))
                .Select(k => $"{k.Id}: {k.State.Words()}"));
            row.Add(string.Join("; ", notes));
            text.Append(string.Join(",", row.Select(Quote))).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}

/// <summary>One student's line of the gradebook: what was graded and how it went (a report, or why there is none).</summary>
public sealed record GradebookRow(string Student, GradedCommit Commit, GradeReport? Report, string? Error);
