using LoanService.Domain.CreditLines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LoanService.Infrastructure.Persistence;

/// <summary>A line read for a close, with the version it had when read.</summary>
public sealed record VersionedLine(CreditLine Line, int Version);

/// <summary>
/// Writes a close chunk's results in bulk: every line back, and the journal entries the close made.
/// Change tracking costs more than the close itself at a million lines, so this writes what EF Core
/// would have written, column for column, with the provider's fastest path (<see cref="DatabaseOptions.CreateLineCloseWriter"/>
/// picks it). It keeps EF Core's optimistic check: a line is written only at the version it was
/// read at, which it bumps, and a line changed since fails the whole write.
/// </summary>
public abstract class LineCloseWriter
{
    /// <summary>
    /// In <paramref name="db"/>'s current transaction: writes <paramref name="lines"/> back and inserts
    /// <paramref name="journal"/>. Throws <see cref="DbUpdateConcurrencyException"/> when a line's
    /// version moved since it was read; the caller rolls back.
    /// </summary>
    public abstract Task WriteAsync(LoanServiceDbContext db, IReadOnlyList<VersionedLine> lines,
        IReadOnlyList<JournalEntryRow> journal, CancellationToken ct);

    /// <summary>
    /// In <paramref name="db"/>'s current transaction, before the chunk's lines are read: locks the
    /// lines of <paramref name="program"/> (null: in none) from <paramref name="first"/> to <paramref name="last"/> whose close of <paramref name="date"/>
    /// is due and not yet done (with <paramref name="everyLine"/>, every one not yet closed), so that postings to them wait for the chunk's commit instead of
    /// changing them under it (under a steady posting load an unlocked chunk can lose every retry).
    /// </summary>
    public virtual Task LockAsync(LoanServiceDbContext db, Guid first, Guid last, Guid? program, NodaTime.LocalDate date,
        bool everyLine, CancellationToken ct) => Task.CompletedTask;

    protected static DbUpdateConcurrencyException Conflict(int written, int expected) =>
        new($"{expected - written} of {expected} lines changed while they were being closed; the chunk is retried.");

    /// <summary>The columns of an entity's table as the EF Core model maps them.</summary>
    protected sealed class TableMap
    {
        private TableMap(string table, IReadOnlyList<ColumnMap> columns)
        {
            Table = table;
            Columns = columns;
        }

        /// <summary>The table's name, schema-qualified when it has a schema, quoted.</summary>
        public string Table { get; }

        public IReadOnlyList<ColumnMap> Columns { get; }

        public static TableMap For<TEntity>(IModel model)
        {
            var entity = model.FindEntityType(typeof(TEntity))
                         ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties()
                .Select(p => new ColumnMap(p, p.GetColumnName(table)!))
                .ToList();
            var name = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
            return new TableMap(name, columns);
        }

        public ColumnMap Column(string propertyName) => Columns.Single(c => c.Property.Name == propertyName);

        public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";
    }

    /// <summary>One mapped column: how to read its value, as the database stores it, from an entity.</summary>
    protected sealed class ColumnMap
    {
        public ColumnMap(IProperty property, string name)
        {
            Property = property;
            Name = name;
            Quoted = TableMap.Quote(name);
            TypeMapping = (RelationalTypeMapping)property.GetTypeMapping();
            if (!property.IsShadowProperty()) (Reader, ProviderType) = CompileReader(property, TypeMapping.Converter);
            var boxed = Reader is null ? null : Box(Reader);
            _read = boxed ?? (_ => throw new InvalidOperationException($"{property.Name} is a shadow property."));
        }

        private readonly Func<object, object?> _read;

        public IProperty Property { get; }
        public string Name { get; }
        public string Quoted { get; }
        public RelationalTypeMapping TypeMapping { get; }

        /// <summary>
        /// A compiled <c>Func&lt;object, T&gt;</c> giving the stored value (after the model's converter)
        /// with no boxing; <c>T</c> is <see cref="ProviderType"/>. Null for a shadow property.
        /// </summary>
        public Delegate? Reader { get; }

        /// <summary>The type the column's value has on its way to the database; nullable when the column is.</summary>
        public Type ProviderType { get; } = typeof(object);

        /// <summary>The provider value of this column for <paramref name="entity"/>, boxed.</summary>
        public object? Read(object entity) => _read(entity);

        private static (Delegate, Type) CompileReader(IProperty property, ValueConverter? converter)
        {
            var entity = Expression.Parameter(typeof(object), "entity");
            var member = property.GetMemberInfo(forMaterialization: false, forSet: false);
            var owner = Expression.Convert(entity, member.DeclaringType!);
            Expression value = member is PropertyInfo p ? Expression.Property(owner, p) : Expression.Field(owner, (FieldInfo)member);
            if (converter is not null)
            {
                var convert = converter.ConvertToProviderExpression;
                var model = convert.Parameters[0].Type;
                var stored = convert.ReturnType;
                var storedNullable = stored.IsValueType ? typeof(Nullable<>).MakeGenericType(stored) : stored;
                if (Nullable.GetUnderlyingType(value.Type) is not null)
                    value = Expression.Condition(Expression.Property(value, "HasValue"),
                        Expression.Convert(Expression.Invoke(convert, Expression.Convert(Expression.Property(value, "Value"), model)), storedNullable),
                        Expression.Default(storedNullable));
                else if (!value.Type.IsValueType)
                    value = Expression.Condition(Expression.Equal(value, Expression.Constant(null, value.Type)),
                        Expression.Default(storedNullable),
                        Expression.Convert(Expression.Invoke(convert, Expression.Convert(value, model)), storedNullable));
                else
                    value = Expression.Invoke(convert, Expression.Convert(value, model));
            }
            var type = typeof(Func<,>).MakeGenericType(typeof(object), value.Type);
            return (Expression.Lambda(type, value, entity).Compile(), value.Type);
        }

        private static Func<object, object?> Box(Delegate reader)
        {
            var entity = Expression.Parameter(typeof(object), "entity");
            var call = Expression.Invoke(Expression.Constant(reader), entity);
            return Expression.Lambda<Func<object, object?>>(Expression.Convert(call, typeof(object)), entity).Compile();
        }
    }
}
