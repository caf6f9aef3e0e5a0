using LoanService.Infrastructure;
using Npgsql;

namespace LoanService.Infrastructure.Tests;

/// <summary>The service's PostgreSQL pool defaults apply only where the operator's connection string is silent.</summary>
public sealed class PoolDefaultsTests
{
    [Fact]
    public void ASilentConnectionString_GetsTheServiceDefaults()
    {
        var built = new NpgsqlConnectionStringBuilder(
            DatabaseOptions.WithPoolDefaults("Host=db;Username=loan;Password=secret;Database=loanservice"));

        Assert.True(built.NoResetOnClose);
        Assert.Equal(64, built.MaxAutoPrepare);
        Assert.Equal(32, built.MaxPoolSize);
        Assert.Equal("db", built.Host);
        Assert.Equal("secret", built.Password);
    }

    [Fact]
    public void WhatTheOperatorSets_IsKept()
    {
        var built = new NpgsqlConnectionStringBuilder(DatabaseOptions.WithPoolDefaults(
            "Host=db;Username=loan;Password=secret;Database=loanservice;Max Auto Prepare=0;No Reset On Close=false;Maximum Pool Size=90"));

        Assert.False(built.NoResetOnClose);
        Assert.Equal(0, built.MaxAutoPrepare);
        Assert.Equal(90, built.MaxPoolSize);
    }
}
