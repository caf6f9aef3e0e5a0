using NodaTime;

namespace LoanService.Domain.Notices;

/// <summary>
/// The bodies of the borrower's SMS, in Chinese; <see cref="SmsText.Compose"/> puts the
/// cooperative's signature in front. Amounts in yuan with 2 decimals, dates as 2026年12月21日.
/// </summary>
public static class NoticeTexts
{
    public static string Date(LocalDate d) => $"{d.Year}年{d.Month}月{d.Day}日";

    public static string Yuan(Money m) => m.ToYuanString() + "元";

    public static string DrawConfirmation(LocalDate date, Money amount, Money available) =>
        $"您于{Date(date)}支用党员先锋贷{Yuan(amount)}，当前可用额度{Yuan(available)}。如非本人操作，请即致电信用社。";

    public static string RepaymentReceipt(LocalDate date, Money amount, Money principal, Money interest, Money principalLeft) =>
        $"您于{Date(date)}还款{Yuan(amount)}，其中本金{Yuan(principal)}、利息及罚息{Yuan(interest)}，尚欠本金{Yuan(principalLeft)}。";

    public static string InterestDueReminder(LocalDate dueDate, Money estimate) =>
        $"您的党员先锋贷本期利息约{Yuan(estimate)}，将于{Date(dueDate)}扣收，请提前存足款项。";

    public static string MaturityReminder(LocalDate maturity, Money principal) =>
        $"您的党员先锋贷将于{Date(maturity)}到期，尚欠本金{Yuan(principal)}，请按时还款或联系信用社办理续贷。";

    public static string OverdueNotice(int daysPastDue, Money overdue) =>
        $"您的党员先锋贷已逾期{daysPastDue}天，逾期本息及罚息共{Yuan(overdue)}，请尽快还款，以免影响您的信用记录。";

    public static string ExtensionConfirmation(LocalDate newMaturity) =>
        $"您的党员先锋贷已展期至{Date(newMaturity)}，展期期间只还不借，请按时还款。";

    public static string RenewalConfirmation(Money limit, LocalDate maturity) =>
        $"您的党员先锋贷已续贷，新额度{Yuan(limit)}，到期日{Date(maturity)}。";
}
