namespace Katas.AsyncLock;

/// <summary>
/// Where the account records every transaction before it counts, like a database table of entries.
/// Writing to it takes time: an <c>await</c> in the middle of every update.
/// </summary>
public interface ILedger
{
    /// <summary>Records <paramref name="entry"/> durably. Takes time, may fail, and honours the token.</summary>
    /// <param name="entry">The transaction and the balance it leaves.</param>
    /// <param name="cancellationToken">Stops the write; nothing is recorded then.</param>
    Task AppendAsync(LedgerEntry entry, CancellationToken cancellationToken);
}

/// <summary>One transaction in the ledger.</summary>
/// <param name="Amount">Money in (positive) or out (negative).</param>
/// <param name="BalanceAfter">The balance once this transaction counts.</param>
public sealed record LedgerEntry(decimal Amount, decimal BalanceAfter);

/// <summary>A withdrawal larger than the balance: it is refused, and nothing changes.</summary>
public sealed class InsufficientFundsException : InvalidOperationException
{
    /// <summary>A withdrawal of <paramref name="amount"/> from a balance of <paramref name="balance"/>.</summary>
    public InsufficientFundsException(decimal balance, decimal amount)
        : base($"Cannot withdraw {amount} from a balance of {balance}.")
    {
        Balance = balance;
        Amount = amount;
    }

    /// <summary>The balance when the withdrawal was refused.</summary>
    public decimal Balance { get; }

    /// <summary>The amount that was asked for.</summary>
    public decimal Amount { get; }
}
