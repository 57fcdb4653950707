using System.Globalization;

namespace Katas.Testing;

/// <summary>
/// For maintainers' measurements only: when the environment variable <c>KATAS_SIMULATED_TIME_LOG</c> names a
/// file, every runtime appends the fake time it simulated (in ms, one line per test), so the real time of
/// a suite can be set against the time it simulated. Off (and free) otherwise.
/// </summary>
internal static class SimulatedTimeLog
{
    private static readonly string? File = Environment.GetEnvironmentVariable("KATAS_SIMULATED_TIME_LOG");
    private static readonly object Gate = new();

    public static void Add(TimeSpan simulated)
    {
        if (string.IsNullOrEmpty(File)) return;
        lock (Gate)
            System.IO.File.AppendAllText(File, simulated.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + Environment.NewLine);
    }
}
