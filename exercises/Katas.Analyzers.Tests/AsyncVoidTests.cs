using Microsoft.CodeAnalysis.Testing;

namespace Katas.Analyzers.Tests;

/// <summary>KATA004: async void outside event handlers.</summary>
public class AsyncVoidTests
{
    [Test]
    public Task An_async_void_method_is_reported_with_the_fix_and_kata_11() =>
        Verify.Diagnostics<AsyncVoidAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class NoteForm
            {
                private async void {|#0:OnSaveClicked|}(CancellationToken cancellationToken) => await Task.Yield();
            }
            """, new DiagnosticResult(AsyncVoidAnalyzer.Rule).WithLocation(0).WithMessage(
                "OnSaveClicked is async void: nobody can await it, and what it throws crashes the process; make it async Task and await it (kata 11-forgotten-await)"));

    [Test]
    public Task An_async_void_local_function_is_reported() =>
        Verify.Diagnostics<AsyncVoidAnalyzer>("""
            using System.Threading.Tasks;

            public static class Form
            {
                public static void Save()
                {
                    async void [|Store|]() => await Task.Yield();
                    Store();
                }
            }
            """);

    [Test]
    public Task An_async_lambda_that_becomes_an_Action_is_reported() =>
        Verify.Diagnostics<AsyncVoidAnalyzer>("""
            using System;
            using System.Threading.Tasks;

            public static class Form
            {
                public static Action Save() => [|async|] () => await Task.Yield();
            }
            """);

    [Test]
    public Task Event_handlers_are_not_reported() =>
        Verify.Diagnostics<AsyncVoidAnalyzer>("""
            using System;
            using System.Threading.Tasks;

            public sealed class Form
            {
                public event EventHandler? Clicked;
                public event EventHandler<UnhandledExceptionEventArgs>? Failed;

                public Form()
                {
                    Clicked += OnClicked;
                    Clicked += async (sender, e) => await Task.Yield();
                    Failed += async delegate (object? sender, UnhandledExceptionEventArgs e) { await Task.Yield(); };
                }

                private async void OnClicked(object? sender, EventArgs e) => await Task.Yield();
            }
            """);

    [Test]
    public Task Async_Task_methods_and_lambdas_are_not_reported() =>
        Verify.Diagnostics<AsyncVoidAnalyzer>("""
            using System;
            using System.Threading.Tasks;

            public static class Form
            {
                public static async Task SaveAsync() => await Task.Yield();
                public static Func<Task> Save() => async () => await Task.Yield();
            }
            """);

    [Test]
    public Task Overrides_and_interface_methods_whose_void_is_imposed_are_not_reported() =>
        Verify.Diagnostics<AsyncVoidAnalyzer>("""
            using System.Threading.Tasks;

            public interface IObserver { void Notify(); }
            public abstract class Base { public abstract void Run(); }

            public sealed class Derived : Base, IObserver
            {
                public override async void Run() => await Task.Yield();
                public async void Notify() => await Task.Yield();
            }
            """);

    [Test]
    public Task A_katas_test_file_is_not_reported() =>
        Verify.Diagnostics<AsyncVoidAnalyzer>([("/0/ForgottenAwaitTests.cs", """
            using System.Threading.Tasks;

            public static class Helpers
            {
                public static async void Forget() => await Task.Yield();
            }
            """)]);
}
