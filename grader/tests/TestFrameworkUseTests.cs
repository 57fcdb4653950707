using Katas.Grader.Repository;

namespace Katas.Grader.Tests;

/// <summary>A learner's own code may not decide its tests' outcome: Assert.Pass() in a stub is found, named and scored 0.</summary>
public class TestFrameworkUseTests
{
    private static IReadOnlyList<string> UsesIn(string stub, string? extraFile = null)
    {
        using var fixture = new FixtureRepository();
        fixture.AddKata("02-join", "Join", stub, "namespace Katas.Join;\npublic class JoinTests { [Test] public void A() => Assert.Pass(); }\n");
        if (extraFile is not null) fixture.Write("exercises/02-join/Helpers/Extra.cs", extraFile);
        fixture.Write("exercises/02-join/obj/Debug/Generated.cs", "[assembly: NUnit.Framework.Parallelizable]");
        return TestFrameworkUse.In(fixture.Repository, fixture.Repository.Katas().Single());
    }

    [TestCase("public static class Join { public static int Run() { Assert.Pass(); return 0; } }", "Assert.Pass")]
    [TestCase("public static class Join { public static int Run() { NUnit.Framework.Assert.Ignore(); return 0; } }", "NUnit")]
    [TestCase("using static NUnit.Framework.Assert;\npublic static class Join { }", "NUnit")]
    [TestCase("public static class Join { public static int Run() => throw new SuccessException(\"done\"); }", "SuccessException")]
    public void A_stub_that_ends_its_tests_itself_is_named_with_file_and_line(string code, string what)
    {
        var uses = UsesIn("namespace Katas.Join;\n" + code);

        Assert.That(uses, Has.Count.EqualTo(1));
        Assert.That(uses[0], Does.StartWith("exercises/02-join/Join.cs line 2 uses the test framework (").And.Contain(what));
    }

    [Test]
    public void Any_source_of_the_kata_counts_but_not_its_tests_nor_build_output()
    {
        var uses = UsesIn("namespace Katas.Join;\npublic static class Join { }", "namespace Katas.Join;\nstatic class Extra { static void X() => Assume.That(true); }");

        Assert.That(uses, Is.EqualTo(new[] { "exercises/02-join/Helpers/Extra.cs line 2 uses the test framework (Assume.That)" }));
    }

    [Test]
    public void Ordinary_code_is_not_flagged()
    {
        var uses = UsesIn("namespace Katas.Join;\n// Debug.Assert is not NUnit's\npublic static class Join { public static void Run(bool ok) => System.Diagnostics.Debug.Assert(ok); }");

        Assert.That(uses, Is.Empty);
    }
}
