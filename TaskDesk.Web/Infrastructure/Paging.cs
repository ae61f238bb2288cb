using TaskDesk.Domain.Common;

namespace TaskDesk.Web.Infrastructure;

/// <summary>A list's page and page size as asked: checked, with the list's defaults where none was asked.</summary>
public static class Paging
{
    /// <summary>
    /// The page (1 when none) and page size (<paramref name="defaultPageSize"/> when none); what is out of range is added
    /// to <paramref name="issues"/>. A page so far on that the rows before it overflow a count is refused too: the
    /// databases take the offset as a 32-bit number, and a wrapped one was a server error (PostgreSQL) or the first
    /// page under another number (SQLite).
    /// </summary>
    public static (int Page, int PageSize) Check(int? page, int? pageSize, int defaultPageSize, int maxPageSize, List<ValidationIssue> issues)
    {
        if (page is < 1)
        {
            issues.Add(ValidationIssue.Field("page", "page must be 1 or more."));
        }

        if (pageSize is < 1 || pageSize > maxPageSize)
        {
            issues.Add(ValidationIssue.Field("page_size", $"page_size must be between 1 and {maxPageSize}."));
        }

        var (checkedPage, checkedSize) = (page ?? 1, pageSize ?? defaultPageSize);
        if (checkedPage > 1 && checkedSize is >= 1 && (long)(checkedPage - 1) * checkedSize > int.MaxValue)
        {
            issues.Add(ValidationIssue.Field("page", $"page must be at most {(int.MaxValue / checkedSize) + 1} with page_size {checkedSize}."));
        }

        return (checkedPage, checkedSize);
    }
}
