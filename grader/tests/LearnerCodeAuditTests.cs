using System.Diagnostics;
using Katas.Grader.Audit;

namespace Katas.Grader.Tests;

/// <summary>
/// The audit of the learner's compiled code (grader/Audit): every stub, reference and wrong answer of the repository
/// passes it, and each way of reaching past the katas' APIs is refused with the file and line of the use.
/// </summary>
public class LearnerCodeAuditTests
{
    private static IEnumerable<TestCaseData> Variants() =>
        LearnerVariants.All().Select(v => new TestCaseData(v).SetArgDisplayNames(v.Name));

    [TestCaseSource(nameof(Variants))]
    public void Every_stub_reference_wrong_answer_and_correct_alternative_uses_only_allowed_APIs(LearnerVariants.Variant variant)
    {
        var compiled = LearnerVariants.Compile(variant);
        Assert.That(compiled.Errors, Is.Empty, $"{variant} does not compile on its own, without the tests and the harness");
        var violations = Audit(compiled, variant.Friend);
        Assert.That(violations.Select(v => v.ToString()), Is.Empty,
            $"{variant} uses APIs that grader/Audit/allowed-apis.txt does not allow: add them there (with why) if the katas need them");
    }

    public static IReadOnlyList<ApiViolation> Audit(LearnerCompilation.Result compiled, string friend, AllowList? allow = null)
    {
        using var image = new MemoryStream(compiled.Image);
        using var pdb = new MemoryStream(compiled.Pdb);
        return LearnerAssemblyAudit.Audit(image, pdb, LearnerVariants.Display, friend, allow);
    }
}
