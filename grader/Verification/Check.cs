namespace Katas.Grader.Verification;

/// <summary>One check of the maintainers' verification: one line of proof, or one shortfall.</summary>
/// <param name="Group">What it is about: a kata id, "harness tests", "grader tests", "manifest"...</param>
/// <param name="Subject">What exactly: "reference: Test_name", "wrong/AwaitsSequentially"...</param>
/// <param name="Passed">Whether the check holds.</param>
/// <param name="Detail">Why it failed, or what proved it (e.g. the tests that caught a wrong answer).</param>
/// <param name="Skipped">
/// Not checked on this machine: the test skips itself here on every variant (e.g. <c>[Platform(Exclude = "Win")]</c>).
/// Counted neither as passed nor as failed, and listed, so that a skip can never pass for a proof.
/// </param>
public sealed record Check(string Group, string Subject, bool Passed, string Detail = "", bool Skipped = false)
{
    public static Check NotCheckedHere(string group, string subject, string reason) =>
        new(group, subject, Passed: true, $"skipped on this platform{(string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}")}", Skipped: true);
}
