using System.Globalization;

namespace Katas.Testing;

/// <summary>
/// For maintainers' measurements only: when the environment variable <c>KATAS_SIMULATED_TIME_LOG</c> names a
/// file, every runtime appends the fake time it simulated and the real time it lived (in ms, one line per
/// runtime), so that the real time of a suite can be set against the time it simulated. Off (and free) otherwise.
/// </summary>
internal static class SimulatedTimeLog
{
    private static readonly string? File = Environment.GetEnvironmentVariable("KATAS_SIMULATED_TIME_LOG");
    private static readonly object Gate = new();

    public static bool IsOn => !string.IsNullOrEmpty(File);

    public static void Add(TimeSpan simulated, TimeSpan real)
    {
        if (!IsOn) return;
        var line = string.Create(CultureInfo.InvariantCulture, $"{simulated.TotalMilliseconds} {real.TotalMilliseconds:0.###}{Environment.NewLine}");
        lock (Gate) System.IO.File.AppendAllText(File!, line);
    }
}
