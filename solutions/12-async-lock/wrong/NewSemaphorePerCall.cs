namespace Katas.AsyncLock;

// WRONG ANSWER: a new SemaphoreSlim for every call: every caller has a lock of its own, so nobody is ever kept out.
public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    private decimal _balance = openingBalance;

    public decimal Balance => _balance;

    private async Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(1, 1);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var updated = _balance + change;
            if (updated < 0) throw new InsufficientFundsException(_balance, -change);
            await ledger.AppendAsync(new LedgerEntry(change, updated), cancellationToken);
            _balance = updated;
            return updated;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(amount, cancellationToken);

    public Task<decimal> WithdrawAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(-amount, cancellationToken);
}
