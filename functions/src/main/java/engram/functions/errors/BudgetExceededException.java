package engram.functions.errors;

/** The operation's price from the deployment's price table is above the budget the request has left. */
public final class BudgetExceededException extends EngramException {
    private static final long serialVersionUID = 1L;

    public BudgetExceededException(String operation, double estimateUsd, double budgetUsd) {
        super(String.format(java.util.Locale.ROOT, "budgetUsd: %s would cost %.6f USD but only %.6f USD are left",
                operation, estimateUsd, budgetUsd), "budgetUsd", budgetUsd, null);
    }
}
