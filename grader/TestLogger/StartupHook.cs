/// <summary>
/// Loaded into every test host of a grader run through <c>DOTNET_STARTUP_HOOKS</c>. A host that a test ends with
/// <c>Environment.Exit</c> vanishes without a word to vstest, unlike one that crashes (its error is reported) or one
/// killed for hanging (no exit handlers run at all). This hook notes every orderly exit of a test host: its folder
/// (the test assembly's) and exit code, in the file named by <c>GRADER_EXIT_LOG</c>. A host whose tests were cut short
/// yet which exited in order was ended by <c>Environment.Exit</c> when that call is on the stack of the exit (recorded
/// too: a host that vstest.console stopped also exits in order, and is not to be mistaken for one).
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var log = Environment.GetEnvironmentVariable("GRADER_EXIT_LOG");
        if (string.IsNullOrEmpty(log) || !Environment.CommandLine.Contains("testhost", StringComparison.OrdinalIgnoreCase)) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                var viaExit = Environment.StackTrace.Contains("System.Environment.Exit(", StringComparison.Ordinal);
                File.AppendAllText(log, $"EXIT\t{Environment.ProcessId}\t{Environment.ExitCode}\t{AppContext.BaseDirectory}\t{(viaExit ? "Environment.Exit" : "return")}\n");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
    }
}
