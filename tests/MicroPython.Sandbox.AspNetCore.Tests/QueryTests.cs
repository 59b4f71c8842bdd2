using DataTools;

namespace MicroPython.Sandbox.AspNetCore.Tests;

/// <summary>The sample's own query runner: read-only, SELECT only, its own time limit and row cap.</summary>
public sealed class QueryTests : IDisposable
{
    private readonly SampleDatabase _database = SampleDatabase.Create(new QueryLimits(TimeSpan.FromMilliseconds(300), MaxRows: 50));

    public void Dispose() => _database.Dispose();

    [Fact]
    public void AQueryReturnsAtMostTheRowCapAndSaysRowsWereLeftOut()
    {
        var result = _database.Query("SELECT * FROM sales", CancellationToken.None);

        Assert.Equal(50, result.Rows.Count);
        Assert.True(result.Truncated);
        Assert.Equal(["id", "product_id", "sold_on", "region", "quantity", "amount"], result.Columns);
    }

    [Fact]
    public void AQueryThatRunsPastItsTimeLimitIsStopped()
    {
        var error = Assert.Throws<QueryException>(() => _database.Query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", CancellationToken.None));

        Assert.Equal("timeout", error.Reason);
    }

    [Theory]
    [InlineData("DELETE FROM sales")]
    [InlineData("SELECT 1; DELETE FROM sales")]
    [InlineData("-- a comment\nUPDATE sales SET amount = 0")]
    public void OnlyOneSelectIsAccepted(string sql)
    {
        var error = Assert.Throws<QueryException>(() => _database.Query(sql, CancellationToken.None));

        Assert.Equal("notSelect", error.Reason);
        Assert.Equal(3000L, (long)_database.Query("SELECT count(*) AS n FROM sales", CancellationToken.None).Rows[0]["n"]!);
    }

    [Fact]
    public void ASelectThatTriesToWriteThroughACommonTableExpressionIsRefusedByTheReadOnlyConnection()
    {
        var error = Assert.Throws<QueryException>(() => _database.Query("WITH x AS (SELECT 1) DELETE FROM sales", CancellationToken.None));

        Assert.Equal("sql", error.Reason);
        Assert.Equal(3000L, (long)_database.Query("SELECT count(*) AS n FROM sales", CancellationToken.None).Rows[0]["n"]!);
    }
}
