// The caller and the refusals the application layer throws (not found, conflict, invalid request, idempotency key reused), mapped to
// problem+json in Setup/Problems.cs, are met in every endpoint file.
global using LoanService.Application;
