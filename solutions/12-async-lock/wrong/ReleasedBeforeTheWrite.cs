namespace Katas.AsyncLock;

// WRONG ANSWER: the lock guards only the read and is released before the awaited ledger write and the balance write: lost updates.
public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private decimal _balance = openingBalance;

    public decimal Balance => _balance;

    private async Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        decimal updated;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            updated = _balance + change;
            if (updated < 0) throw new InsufficientFundsException(_balance, -change);
        }
        finally
        {
            _lock.Release();
        }
        await ledger.AppendAsync(new LedgerEntry(change, updated), cancellationToken);
        _balance = updated;
        return updated;
    }

    public Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(amount, cancellationToken);

    public Task<decimal> WithdrawAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(-amount, cancellationToken);
}
