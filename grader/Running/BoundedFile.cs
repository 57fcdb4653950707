using System.Text;

namespace Katas.Grader.Running;

/// <summary>One line of a file read with bounds: its text (cut when too long) and whether it ended with a line break.</summary>
public sealed record BoundedLine(string Text, bool Terminated, bool TooLong);

/// <summary>
/// Reads a file line by line within bounds: at most <c>maxLines</c> lines of at most <c>maxLineBytes</c> bytes each are
/// kept, whatever the file holds (a test can write a results file of gigabytes, or one without a line break).
/// </summary>
public static class BoundedFile
{
    /// <summary>The lines, and whether the file held more than <paramref name="maxLines"/>.</summary>
    public static (IReadOnlyList<BoundedLine> Lines, bool TooManyLines) ReadLines(string path, int maxLineBytes, int maxLines)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65_536);
        return ReadLines(stream, maxLineBytes, maxLines);
    }

    public static (IReadOnlyList<BoundedLine> Lines, bool TooManyLines) ReadLines(Stream stream, int maxLineBytes, int maxLines)
    {
        var lines = new List<BoundedLine>();
        var current = new MemoryStream();
        var tooLong = false;
        var buffer = new byte[65_536];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                Append(buffer.AsSpan(start, i - start));
                if (!Emit(terminated: true)) return (lines, true);
                start = i + 1;
            }
            Append(buffer.AsSpan(start, read - start));
        }
        if (current.Length > 0 || tooLong) Emit(terminated: false);
        return (lines, false);

        void Append(ReadOnlySpan<byte> bytes)
        {
            var room = (int)Math.Max(0, maxLineBytes - current.Length);
            current.Write(bytes[..Math.Min(room, bytes.Length)]);
            tooLong |= bytes.Length > room;
        }

        bool Emit(bool terminated)
        {
            if (lines.Count >= maxLines) return false;
            lines.Add(new BoundedLine(Encoding.UTF8.GetString(current.GetBuffer(), 0, (int)current.Length), terminated, tooLong));
            current.SetLength(0);
            tooLong = false;
            return true;
        }
    }
}
