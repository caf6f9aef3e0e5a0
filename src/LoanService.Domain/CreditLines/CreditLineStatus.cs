namespace LoanService.Domain.CreditLines;

public enum CreditLineStatus
{
    /// <summary>Open for draws and repayments.</summary>
    Active,
    /// <summary>Draws stopped by the cooperative; repayments still taken.</summary>
    Frozen,
    /// <summary>Maturity moved later (展期); repayments only (只还不借).</summary>
    Extended,
    /// <summary>Past maturity with a balance.</summary>
    Matured,
    /// <summary>Balance zero at or after maturity.</summary>
    Closed,
    /// <summary>Closed by a renewal (续贷); its balance moved to the new line.</summary>
    Renewed,
}
