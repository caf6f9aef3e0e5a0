// The application layer's shared types (NotFoundException) are used across the API as they were when they lived here.
global using LoanService.Application;
