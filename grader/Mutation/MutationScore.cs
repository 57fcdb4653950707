namespace Katas.Grader.Mutation;

/// <summary>
/// One kata's mutation score as Stryker computes it: detected (killed or timed out) over valid mutants (detected plus
/// survived plus not covered; compile errors and ignored mutants do not count). Survivors are split into those
/// written down as equivalent, with a reason, and those still unexplained: the ones a new test should kill.
/// </summary>
public sealed record MutationScore(string KataId, IReadOnlyList<Mutant> Mutants, IReadOnlyList<EquivalentMutant> Equivalents)
{
    public int Detected => Mutants.Count(m => m.IsDetected);
    public int Undetected => Mutants.Count(m => m.IsUndetected);
    public int Valid => Detected + Undetected;
    public int Invalid => Mutants.Count(m => !m.IsDetected && !m.IsUndetected);

    /// <summary>Stryker's score, in percent; 100 when there is nothing to mutate.</summary>
    public double Percent => Valid == 0 ? 100 : 100.0 * Detected / Valid;

    /// <summary>Survivors that are justified as equivalent.</summary>
    public IReadOnlyList<Mutant> Justified => Mutants.Where(m => m.IsUndetected && Equivalents.Any(e => e.Matches(m))).ToList();

    /// <summary>
    /// Survivors that no test ran at all (Stryker's NoCoverage): code no test calls, or code that runs only where Stryker
    /// cannot switch a mutant on, such as a child process a test starts. Listed as equivalent, they are a gap of the
    /// measure, not proof.
    /// </summary>
    public IReadOnlyList<Mutant> NeverRun => Mutants.Where(m => m.Status == "NoCoverage").ToList();

    /// <summary>Survivors nobody has explained: each needs a test that kills it, or a reason beside the reference.</summary>
    public IReadOnlyList<Mutant> Unexplained => Mutants.Where(m => m.IsUndetected && !Equivalents.Any(e => e.Matches(m))).ToList();

    /// <summary>Equivalence entries that match no surviving mutant any more (the code changed): stale, to be removed.</summary>
    public IReadOnlyList<EquivalentMutant> Stale => Equivalents.Where(e => !Mutants.Any(m => m.IsUndetected && e.Matches(m))).ToList();
}
