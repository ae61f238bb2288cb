using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Data.Configurations;

internal sealed class TaskItemHistoryEntryConfiguration : IEntityTypeConfiguration<TaskItemHistoryEntry>
{
    public void Configure(EntityTypeBuilder<TaskItemHistoryEntry> builder)
    {
        builder.ToTable("TaskItemHistory");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.Note).HasMaxLength(TaskItem.NotesMaxLength).IsRequired();
        builder.HasIndex(h => h.TaskItemId);
    }
}
