using LoanService.Domain.Borrowers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoanService.Infrastructure.Persistence.Configurations;

internal sealed class BorrowerConfiguration : IEntityTypeConfiguration<Borrower>
{
    public void Configure(EntityTypeBuilder<Borrower> b)
    {
        b.ToTable("Borrowers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasConversion(n => n.Value, s => PersonName.Parse(s)).HasMaxLength(30);
        b.Property(x => x.ResidentId).HasConversion(r => r.Value, s => ResidentId.Parse(s)).HasMaxLength(18);
        b.Property(x => x.Mobile).HasConversion(m => m.Value, s => MobileNumber.Parse(s)).HasMaxLength(11);
        b.Property(x => x.RegionCode).HasMaxLength(12);
        b.Property(x => x.PartyBranch).HasMaxLength(100);
        b.HasIndex(x => new { x.CooperativeId, x.ResidentId }).IsUnique();
        b.Ignore(x => x.NameForDepartment);
    }
}

internal sealed class CooperativeConfiguration : IEntityTypeConfiguration<Cooperative>
{
    public void Configure(EntityTypeBuilder<Cooperative> b)
    {
        b.ToTable("Cooperatives");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Signature).HasMaxLength(12);
        b.Property(x => x.NoticeCadence).HasMaxLength(500);
        b.Ignore(x => x.Cadence);
    }
}

internal sealed class OrgDepartmentConfiguration : IEntityTypeConfiguration<OrgDepartment>
{
    public void Configure(EntityTypeBuilder<OrgDepartment> b)
    {
        b.ToTable("OrgDepartments");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.RegionCode).HasMaxLength(12);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("ApiKeys");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Prefix).HasMaxLength(12);
        b.HasIndex(x => x.Hash).IsUnique();
    }
}

internal sealed class WebSessionConfiguration : IEntityTypeConfiguration<WebSession>
{
    public void Configure(EntityTypeBuilder<WebSession> b)
    {
        b.ToTable("WebSessions");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Scheme).HasMaxLength(50);
        b.HasIndex(x => x.ApiKeyId);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.HasKey(x => new { x.Scope, x.Key });
        b.Property(x => x.Scope).HasMaxLength(64);
        b.Property(x => x.Key).HasMaxLength(128);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.Location).HasMaxLength(300);
    }
}

internal sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendar>
{
    public void Configure(EntityTypeBuilder<BusinessCalendar> b)
    {
        b.ToTable("BusinessCalendar");
        b.Property(x => x.Id).ValueGeneratedNever();
    }
}
