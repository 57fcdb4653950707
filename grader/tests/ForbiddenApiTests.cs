using Katas.Grader.Audit;

namespace Katas.Grader.Tests;

/// <summary>
/// Each way a learner's code could reach past the katas' APIs, compiled as the clean room compiles it, is refused by
/// the audit, naming the API and the file and line of its use.
/// </summary>
public class ForbiddenApiTests
{
    private static IReadOnlyList<ApiViolation> AuditOf(string body, string members = "", string usings = "", bool allowUnsafe = false)
    {
        var source = $$"""
            {{usings}}
            namespace Katas.Join;
            public static class Join
            {
                public static object? Run()
                {
                    {{body}}
                }
            {{members}}
            }
            """;
        return AuditOfSource(source, allowUnsafe);
    }

    private static IReadOnlyList<ApiViolation> AuditOfSource(string source, bool allowUnsafe = false)
    {
        var compiled = LearnerCompilation.CompileText(source, allowUnsafe: allowUnsafe);
        Assert.That(compiled.Errors, Is.Empty, "the attack must compile as learner code");
        using var image = new MemoryStream(compiled.Image);
        using var pdb = new MemoryStream(compiled.Pdb);
        return LearnerAssemblyAudit.Audit(image, pdb, path => path, "Join");
    }

    private static void AssertRefused(IReadOnlyList<ApiViolation> violations, string api, int? line = null)
    {
        var text = violations.Select(v => v.ToString()).ToList();
        Assert.That(text, Has.Some.Contains(api), $"expected {api} to be refused; the audit found: {string.Join(" | ", text)}");
        if (line is { } expected)
        {
            Assert.That(violations.Where(v => v.What.Contains(api, StringComparison.Ordinal)).Select(v => $"{v.File}:{v.Line}"),
                Has.Some.EqualTo($"exercises/02-join/Join.cs:{expected}"), "the use is named with its file and line");
        }
    }

    [Test]
    public void Reflection_from_typeof_object_is_refused_at_its_line() =>
        AssertRefused(AuditOf("return typeof(object).Assembly.GetType(\"nunit.framework.testexecutioncontext\".ToUpperInvariant());"), "System.Type.Assembly", line: 7);

    [Test]
    public void Finding_a_type_by_name_is_refused() =>
        AssertRefused(AuditOf("return Type.GetType(\"NUnit.Framework.Assert, nunit.framework\");"), "System.Type.GetType");

    [Test]
    public void Invoking_a_method_by_reflection_is_refused() =>
        AssertRefused(AuditOf("return typeof(Join).GetMethod(\"Run\")!.Invoke(null, null);"), "System.Reflection.MethodInfo");

    [Test]
    public void A_DispatchProxy_is_refused() =>
        AssertRefused(AuditOf("return System.Reflection.DispatchProxy.Create<IDisposable, P>();",
            "public class P : System.Reflection.DispatchProxy { protected override object? Invoke(System.Reflection.MethodInfo? m, object?[]? a) => null; }"),
            "System.Reflection.DispatchProxy");

    [Test]
    public void Creating_an_instance_by_type_is_refused() =>
        AssertRefused(AuditOf("return Activator.CreateInstance(typeof(object));"), "System.Activator.CreateInstance");

    [Test]
    public void Writing_a_file_is_refused() =>
        AssertRefused(AuditOf("File.AppendAllText(\"results.jsonl\", \"Passed\"); return null;"), "System.IO.File.AppendAllText", line: 7);

    [Test]
    public void Reading_the_environment_is_refused() =>
        AssertRefused(AuditOf("return Environment.GetEnvironmentVariable(\"GRADER_EXIT_LOG\");"), "System.Environment.GetEnvironmentVariable");

    [Test]
    public void Ending_the_process_is_refused()
    {
        AssertRefused(AuditOf("Environment.Exit(0); return null;"), "System.Environment.Exit");
        AssertRefused(AuditOf("System.Diagnostics.Process.GetCurrentProcess().Kill(); return null;"), "System.Diagnostics.Process");
    }

    [Test]
    public void An_exception_whose_Message_reaches_the_test_framework_is_refused() =>
        AssertRefused(AuditOf("return Task.FromException(new Sneaky());",
            "public class Sneaky : Exception { public override string Message => (string)Type.GetType(\"x\")!.GetMethod(\"Pass\")!.Invoke(null, null)!; }"),
            "System.Type.GetType");

    [Test]
    public void The_method_behind_a_delegate_or_an_exception_is_refused()
    {
        AssertRefused(AuditOf("Func<int> f = () => 1; return f.Method;"), "System.Delegate.Method");
        AssertRefused(AuditOf("return new Exception().TargetSite;"), "System.Reflection.MethodBase");
    }

    [Test]
    public void Expression_trees_are_refused() =>
        AssertRefused(AuditOf("System.Linq.Expressions.Expression<Func<int>> e = () => 1; return e.Compile();"), "System.Linq.Expressions");

    [Test]
    public void Dynamic_is_refused() =>
        AssertRefused(AuditOf("dynamic d = new object(); return d.Anything;"), "Microsoft.CSharp");

    [Test]
    public void A_module_initializer_is_refused() =>
        AssertRefused(AuditOf("return null;", "[System.Runtime.CompilerServices.ModuleInitializer] public static void Init() { }"), "module initializer");

    [Test]
    public void A_module_initializer_through_a_home_made_attribute_is_refused()
    {
        var violations = AuditOfSource("""
            namespace System.Runtime.CompilerServices { [AttributeUsage(AttributeTargets.Method)] public sealed class ModuleInitializerAttribute : Attribute { } }
            namespace Katas.Join { public static class Join { [System.Runtime.CompilerServices.ModuleInitializer] public static void Init() { } } }
            """);
        AssertRefused(violations, "module initializer");
        AssertRefused(violations, "a type declared in the namespace System.Runtime.CompilerServices");
    }

    [Test]
    public void Assembly_attributes_in_learner_code_are_refused()
    {
        AssertRefused(AuditOf("return null;", usings: "[assembly: System.Reflection.AssemblyMetadata(\"a\", \"b\")]"), "the assembly attribute [System.Reflection.AssemblyMetadata]");
        AssertRefused(AuditOf("return null;", usings: "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Other\")]"), "the assembly attribute [System.Runtime.CompilerServices.InternalsVisibleTo]");
    }

    [Test]
    public void The_one_assembly_attribute_the_clean_room_adds_is_allowed() =>
        Assert.That(AuditOf("return null;", usings: "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Join\")]"), Is.Empty);

    [Test]
    public void P_Invoke_is_refused() =>
        AssertRefused(AuditOf("return Getpid();", "[System.Runtime.InteropServices.DllImport(\"libc\", EntryPoint = \"getpid\")] static extern int Getpid();"), "native code (P/Invoke");

    [Test]
    public void Memory_unsafe_helpers_are_refused_without_the_unsafe_keyword() =>
        AssertRefused(AuditOf("object o = \"x\"; return System.Runtime.CompilerServices.Unsafe.As<object, string[]>(ref o);"), "System.Runtime.CompilerServices.Unsafe.As");

    [Test]
    public void Pointers_and_function_pointers_are_refused_should_unsafe_code_ever_compile()
    {
        var violations = AuditOf("return null;", "static unsafe int Call(delegate*<int> f) => f(); static unsafe int* P(int* p) => p;", allowUnsafe: true);
        AssertRefused(violations, "a function pointer");
        AssertRefused(violations, "a pointer type (unsafe code)");
    }

    [Test]
    public void Unsafe_code_does_not_compile_in_the_learner_project()
    {
        var compiled = LearnerCompilation.CompileText("namespace Katas.Join; public static class Join { public static unsafe int* P(int* p) => p; }");
        Assert.That(compiled.Errors, Has.Some.Contains("unsafe"));
    }

    [Test]
    public void The_garbage_collector_and_the_app_domain_are_refused()
    {
        AssertRefused(AuditOf("GC.Collect(); return null;"), "System.GC.Collect");
        AssertRefused(AuditOf("return AppDomain.CurrentDomain.GetAssemblies();"), "System.AppDomain");
    }

    [Test]
    public void The_async_and_collection_APIs_the_katas_teach_are_allowed()
    {
        var violations = AuditOf("""
            var list = new List<int> { 1, 2 };
            using var source = new CancellationTokenSource();
            var gate = new SemaphoreSlim(1);
            var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
            Interlocked.Increment(ref Counter);
            lock (Gate) { Console.WriteLine(list.Sum()); }
            return Task.WhenAll(Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, source.Token), gate.WaitAsync(), channel.Reader.Completion);
            """, "static int Counter; static readonly Lock Gate = new();");
        Assert.That(violations.Select(v => v.ToString()), Is.Empty);
    }

    [Test]
    public void Every_entry_of_the_allow_list_says_why() =>
        Assert.That(() => AllowList.Parse("System.Console\n"), Throws.TypeOf<FormatException>().With.Message.Contains("says why"));

    [Test]
    public void The_forbidden_API_message_names_the_use_and_where_to_read_why()
    {
        var detail = ForbiddenApiGrade.Detail([new ApiViolation("System.Reflection.MethodInfo.Invoke", "exercises/02-join/Join.cs", 42)]);
        Assert.That(detail, Is.EqualTo("forbidden API: System.Reflection.MethodInfo.Invoke at exercises/02-join/Join.cs:42 — katas may only use the async and collection APIs they teach; see grader/README.md#forbidden-apis"));
    }
}
