namespace DataTools;

/// <summary>The page's query request: one SQL statement.</summary>
public sealed record QueryRequest(string? Sql);

/// <summary><c>POST /query</c>: runs the page's SQL and returns its rows, or a problem in words.</summary>
public static class QueryEndpoint
{
    /// <summary>Runs <paramref name="request"/> on <paramref name="database"/>.</summary>
    public static IResult HandleAsync(QueryRequest request, SampleDatabase database, HttpContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Sql)) return TypedResults.Problem("Write a query first.", statusCode: 400);
        try
        {
            return TypedResults.Ok(database.Query(request.Sql, context.RequestAborted));
        }
        catch (QueryException e)
        {
            return TypedResults.Problem(e.Message, statusCode: 400, extensions: new Dictionary<string, object?> { ["reason"] = e.Reason });
        }
    }
}
