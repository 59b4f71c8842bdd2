using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DataTools;

/// <summary>How far one query may go: its own wall-clock limit and the most rows it returns.</summary>
public sealed record QueryLimits(TimeSpan Timeout, int MaxRows);

/// <summary>What a query returned: column names in order, rows as column-to-value objects, and whether rows were left out.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<Dictionary<string, object?>> Rows, bool Truncated, double ElapsedMs);

/// <summary>A query the sample refuses or SQLite could not finish, in words for the page.</summary>
public sealed class QueryException(string message, string reason) : Exception(message)
{
    /// <summary>A short machine-readable reason: <c>notSelect</c>, <c>timeout</c>, <c>sql</c>.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// A small shop database generated at start-up (products and six months of sales, the same every time), queried only
/// through read-only connections: the user's SQL can read it and nothing else.
/// </summary>
public sealed class SampleDatabase : IDisposable
{
    private static readonly string[] Categories = ["Books", "Garden", "Kitchen", "Toys"];
    private static readonly string[] Regions = ["North", "South", "East", "West"];
    private static readonly string[] Adjectives = ["Classic", "Compact", "Deluxe", "Eco", "Mini", "Pro"];

    private readonly string _path;

    private SampleDatabase(string path, QueryLimits limits)
    {
        _path = path;
        Limits = limits;
    }

    /// <summary>The query limits.</summary>
    public QueryLimits Limits { get; }

    /// <summary>Generates the database in a temporary file of its own.</summary>
    public static SampleDatabase Create(QueryLimits limits)
    {
        string path = Path.Combine(Path.GetTempPath(), $"datatools-{Guid.NewGuid():N}.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            connection.Open();
            Generate(connection);
        }
        return new SampleDatabase(path, limits);
    }

    private static void Generate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, unit_price REAL NOT NULL);
                CREATE TABLE sales (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id), sold_on TEXT NOT NULL,
                                    region TEXT NOT NULL, quantity INTEGER NOT NULL, amount REAL NOT NULL);
                """;
            create.ExecuteNonQuery();
        }
        // A fixed seed: every start, and every test, sees the same data.
        var random = new Random(20260101);
        var prices = new List<double>();
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO products (id, name, category, unit_price) VALUES ($id, $name, $category, $price)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            var category = insert.Parameters.Add("$category", SqliteType.Text);
            var price = insert.Parameters.Add("$price", SqliteType.Real);
            int n = 0;
            foreach (string c in Categories)
                foreach (string adjective in Adjectives)
                {
                    n++;
                    double p = Math.Round(3 + random.NextDouble() * 60, 2);
                    prices.Add(p);
                    (id.Value, name.Value, category.Value, price.Value) = (n, $"{adjective} {c.TrimEnd('s')}", c, p);
                    insert.ExecuteNonQuery();
                }
        }
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO sales (product_id, sold_on, region, quantity, amount) VALUES ($product, $day, $region, $quantity, $amount)";
            var product = insert.Parameters.Add("$product", SqliteType.Integer);
            var day = insert.Parameters.Add("$day", SqliteType.Text);
            var region = insert.Parameters.Add("$region", SqliteType.Text);
            var quantity = insert.Parameters.Add("$quantity", SqliteType.Integer);
            var amount = insert.Parameters.Add("$amount", SqliteType.Real);
            var start = new DateOnly(2026, 1, 1);
            for (int i = 0; i < 3000; i++)
            {
                int p = random.Next(prices.Count);
                int q = 1 + random.Next(5);
                product.Value = p + 1;
                day.Value = start.AddDays(random.Next(181)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                region.Value = Regions[random.Next(Regions.Length)];
                quantity.Value = q;
                amount.Value = Math.Round(prices[p] * q, 2);
                insert.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    /// <summary>
    /// Runs one SELECT (or WITH ... SELECT) on a read-only connection, stopped at <see cref="QueryLimits.Timeout"/>, and
    /// keeps the first <see cref="QueryLimits.MaxRows"/> rows.
    /// </summary>
    /// <exception cref="QueryException">The statement is not a single query, SQLite refused it, or it ran out of time.</exception>
    public QueryResult Query(string sql, CancellationToken cancellationToken)
    {
        string statement = CheckSingleSelect(sql);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // Read-only twice over: the connection's mode, and SQLite refusing any write on it.
            pragma.CommandText = "PRAGMA query_only = 1";
            pragma.ExecuteNonQuery();
        }
        long started = Stopwatch.GetTimestamp();
        var deadline = Limits.Timeout;
        bool timedOut = false;
        // SQLite calls this every 1,000 virtual machine steps; a non-zero answer interrupts the query.
        raw.sqlite3_progress_handler(connection.Handle, 1000, _ =>
        {
            if (cancellationToken.IsCancellationRequested) return 1;
            if (Stopwatch.GetElapsedTime(started) < deadline) return 0;
            timedOut = true;
            return 1;
        }, null);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            using var reader = command.ExecuteReader();
            var columns = new string[reader.FieldCount];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < columns.Length; i++)
            {
                string name = reader.GetName(i);
                // Two columns of the same name (a join) would collapse into one key of a row object.
                for (int k = 2; !seen.Add(name); k++) name = $"{reader.GetName(i)}_{k}";
                columns[i] = name;
            }
            var rows = new List<Dictionary<string, object?>>();
            bool truncated = false;
            while (reader.Read())
            {
                if (rows.Count == Limits.MaxRows)
                {
                    truncated = true;
                    break;
                }
                var row = new Dictionary<string, object?>(columns.Length, StringComparer.Ordinal);
                for (int i = 0; i < columns.Length; i++)
                    row[columns[i]] = reader.IsDBNull(i) ? null : reader.GetValue(i) is byte[] blob ? $"<{blob.Length} bytes>" : reader.GetValue(i);
                rows.Add(row);
            }
            return new QueryResult(columns, rows, truncated, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == raw.SQLITE_INTERRUPT)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new QueryException(timedOut
                ? $"The query ran longer than its {Limits.Timeout.TotalSeconds:0.#} s limit and was stopped."
                : "The query was interrupted.", "timeout");
        }
        catch (SqliteException e)
        {
            throw new QueryException("SQLite: " + e.Message.Replace("SQLite Error ", "", StringComparison.Ordinal), "sql");
        }
    }

    /// <summary>The statement without a trailing semicolon, when it is one SELECT or WITH query.</summary>
    private static string CheckSingleSelect(string sql)
    {
        string statement = sql.Trim().TrimEnd(';').Trim();
        string head = StripLeadingComments(statement);
        bool isQuery = head.StartsWith("select", StringComparison.OrdinalIgnoreCase) || head.StartsWith("with", StringComparison.OrdinalIgnoreCase);
        if (!isQuery) throw new QueryException("Only a SELECT query can run here (it may start with WITH).", "notSelect");
        if (statement.Contains(';', StringComparison.Ordinal)) throw new QueryException("Run one query at a time: remove the semicolons between statements.", "notSelect");
        return statement;
    }

    private static string StripLeadingComments(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        while (true)
        {
            if (text.StartsWith("--"))
            {
                int end = text.IndexOf('\n');
                text = end < 0 ? [] : text[(end + 1)..].TrimStart();
            }
            else if (text.StartsWith("/*"))
            {
                int end = text.IndexOf("*/");
                text = end < 0 ? [] : text[(end + 2)..].TrimStart();
            }
            else return text.ToString();
        }
    }

    /// <summary>Deletes the database file.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // A file left in the temporary folder is harmless.
        }
    }
}
