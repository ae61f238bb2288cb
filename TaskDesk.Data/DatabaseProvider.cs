namespace TaskDesk.Data;

/// <summary>The database TaskDesk stores its data in (<c>TaskDesk:Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file database: the default, for one machine.</summary>
    Sqlite,

    /// <summary>Microsoft SQL Server, for several TaskDesk processes on one database.</summary>
    SqlServer,

    /// <summary>PostgreSQL, for several TaskDesk processes on one database.</summary>
    PostgreSql,
}
