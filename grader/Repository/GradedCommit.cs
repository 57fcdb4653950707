using System.Globalization;
using Katas.Grader.Running;

namespace Katas.Grader.Repository;

/// <summary>
/// Which commit of a student's clone was graded, for the gradebook: a teacher must be able to tell which work a
/// grade is for. <see cref="Uncommitted"/> says the grade includes changes that no commit holds.
/// </summary>
/// <param name="Id">The commit's full id; empty when the folder is not a git repository (or has no commit).</param>
/// <param name="CommittedAt">The commit's date (committer date, ISO 8601, with its offset); empty without a commit.</param>
/// <param name="Uncommitted">The working tree differs from that commit (modified or untracked files, .gitignore'd ones aside).</param>
public sealed record GradedCommit(string Id, string CommittedAt, bool Uncommitted)
{
    /// <summary>No commit to name: the folder is not a git clone, or git is not installed.</summary>
    public static readonly GradedCommit None = new("", "", false);

    private static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Reads HEAD and the working tree's state of <paramref name="folder"/> with git.</summary>
    public static async Task<GradedCommit> ReadAsync(string folder, CancellationToken cancellationToken = default)
    {
        try
        {
            var head = await Git(folder, ["log", "-1", "--format=%H%n%cI"], cancellationToken).ConfigureAwait(false);
            var lines = head?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            if (lines.Length < 2 || lines[0].Length < 40) return None;
            var status = await Git(folder, ["status", "--porcelain"], cancellationToken).ConfigureAwait(false);
            var committedAt = DateTimeOffset.Parse(lines[1], CultureInfo.InvariantCulture).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            return new GradedCommit(lines[0], committedAt, status is null || status.Trim().Length > 0);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return None; // git is not installed
        }
        catch (FormatException)
        {
            return None;
        }
    }

    private static async Task<string?> Git(string folder, string[] arguments, CancellationToken cancellationToken)
    {
        // -c safe.directory=*: clones collected by a teacher belong to another user, which git refuses by default.
        var result = await ProcessRunner.RunAsync("git", ["-c", "safe.directory=*", "-C", folder, .. arguments], folder, GitTimeout,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && !result.TimedOut ? result.Output : null;
    }
}
