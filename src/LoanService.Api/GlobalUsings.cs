// The refusals the application layer throws (not found, conflict, idempotency key reused), mapped to
// problem+json in Setup/Problems.cs, are met in every endpoint file.
global using LoanService.Application;
