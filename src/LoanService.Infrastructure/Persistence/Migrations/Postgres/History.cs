using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Postgres;

// The migrations written by hand before the service had a model snapshot, the same for both providers
// (Migrations/Shared): each keeps its id, so a database they made is never migrated again. Later
// migrations are made by `dotnet ef migrations add` for each provider (docs/migrations.md).

[DbContext(typeof(PostgresLoanServiceDbContext)), Migration("20261122000000_Initial")]
public sealed class Initial : Shared.Initial;

[DbContext(typeof(PostgresLoanServiceDbContext)), Migration("20261122010000_CloseRuns")]
public sealed class CloseRuns : Shared.CloseRuns;

[DbContext(typeof(PostgresLoanServiceDbContext)), Migration("20261122020000_SmsNotices")]
public sealed class SmsNotices : Shared.SmsNotices;

[DbContext(typeof(PostgresLoanServiceDbContext)), Migration("20261122030000_CooperativeNoticeCadence")]
public sealed class CooperativeNoticeCadence : Shared.CooperativeNoticeCadence;

[DbContext(typeof(PostgresLoanServiceDbContext)), Migration("20261122040000_Subsidies")]
public sealed class Subsidies : Shared.Subsidies;

[DbContext(typeof(PostgresLoanServiceDbContext)), Migration("20261201000000_ProgramParticipation")]
public sealed class ProgramParticipation : Shared.ProgramParticipation;

[DbContext(typeof(PostgresLoanServiceDbContext)), Migration("20261201010000_WebSessions")]
public sealed class WebSessions : Shared.WebSessions;

[DbContext(typeof(PostgresLoanServiceDbContext)), Migration("20261201020000_DropQuartz")]
public sealed class DropQuartz : Shared.DropQuartz;
