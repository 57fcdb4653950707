using System.Text;

namespace Katas.Grader.Running;

/// <summary>
/// Splits a stream of UTF-8 text into lines without ever holding a long one whole: each line is cut to
/// <see cref="ProcessRunner.MaxLineChars"/> characters (a marker says how many more there were) as it streams by.
/// <c>Process.OutputDataReceived</c> would build every line in full first, and a test printing 50 MB without a line
/// break costs hundreds of MB there.
/// </summary>
public static class BoundedLines
{
    public static async Task ReadAsync(Stream stream, Action<string> onLine, int maxLineChars = ProcessRunner.MaxLineChars)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 16_384);
        var buffer = new char[16_384];
        var line = new StringBuilder();
        long cut = 0;
        void Emit()
        {
            if (line.Length > 0 && line[^1] == '\r') line.Length--;
            onLine(cut > 0 ? $"{line} [... a line of {line.Length + cut:N0} characters cut ...]" : line.ToString());
            line.Clear();
            cut = 0;
        }
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n') continue;
                Append(buffer.AsSpan(start, i - start));
                Emit();
                start = i + 1;
            }
            Append(buffer.AsSpan(start, read - start));
        }
        if (line.Length > 0 || cut > 0) Emit();

        void Append(ReadOnlySpan<char> chars)
        {
            var room = Math.Max(0, maxLineChars - line.Length);
            line.Append(chars[..Math.Min(room, chars.Length)]);
            cut += Math.Max(0, chars.Length - room);
        }
    }
}
