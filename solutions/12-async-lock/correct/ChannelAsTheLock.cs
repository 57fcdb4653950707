namespace Katas.AsyncLock;

using System.Threading.Channels;

// CORRECT: the lock is a channel holding one key: ReadAsync(token) takes it (waiting readers are served first come,
// first served, and a cancelled read takes nothing), and writing the key back in a finally gives it to the next one.

public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    private readonly Channel<object> _key = CreateKeyRing();
    private decimal _balance = openingBalance;

    public decimal Balance => _balance;

    public Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(amount, cancellationToken);

    public Task<decimal> WithdrawAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(-amount, cancellationToken);

    private async Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        var key = await _key.Reader.ReadAsync(cancellationToken);
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
            _key.Writer.TryWrite(key);
        }
    }

    private static Channel<object> CreateKeyRing()
    {
        var channel = Channel.CreateBounded<object>(1);
        channel.Writer.TryWrite(new object());
        return channel;
    }
}
