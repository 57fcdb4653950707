using System.Runtime.InteropServices;

namespace Katas.Grader.Running;

/// <summary>
/// A process group of its own for a test run (Linux: <c>setsid</c>), killed whole at the end: what a test started
/// stays in the group even when its parent died and it was handed to init, so nothing outlives the run.
/// </summary>
internal static class ProcessGroup
{
    public const string SetSid = "/usr/bin/setsid";

    /// <summary>Whether a child can be started in a session of its own (Linux with util-linux's setsid).</summary>
    public static bool CanStartInSession => OperatingSystem.IsLinux() && File.Exists(SetSid);

    /// <summary>Sends SIGKILL to every process of the group led by <paramref name="leader"/> (0: nothing).</summary>
    public static void Kill(int leader)
    {
        if (leader <= 0 || !OperatingSystem.IsLinux()) return;
        _ = KillNative(-leader, SigKill); // ESRCH (the group is empty) is the usual, good, answer
    }

    private const int SigKill = 9;

#pragma warning disable SYSLIB1054 // a plain int signature: nothing to marshal, no need for unsafe code
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillNative(int pid, int signal);
#pragma warning restore SYSLIB1054
}
