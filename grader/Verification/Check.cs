namespace Katas.Grader.Verification;

/// <summary>One check of the maintainers' verification: one line of proof, or one shortfall.</summary>
/// <param name="Group">What it is about: a kata id, "harness tests", "grader tests", "manifest"...</param>
/// <param name="Subject">What exactly: "reference: Test_name", "wrong/AwaitsSequentially"...</param>
/// <param name="Passed">Whether the check holds.</param>
/// <param name="Detail">Why it failed, or what proved it (e.g. the tests that caught a wrong answer).</param>
public sealed record Check(string Group, string Subject, bool Passed, string Detail = "");
