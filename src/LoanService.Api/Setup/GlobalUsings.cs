// The application layer's shared types (Caller, NotFoundException, RequestValidationException) are used across the
// API as they were when they lived in it.
global using LoanService.Application;
