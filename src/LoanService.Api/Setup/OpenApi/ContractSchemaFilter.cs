using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LoanService.Api.Setup.OpenApi;

/// <summary>
/// Makes each schema say what the service sends and accepts (docs/openapi.md, "How the document is made"):
/// <list type="bullet">
/// <item>An answer's properties are all <c>required</c> (the service always writes them, null included);
/// nullable only where the C# type is. A request's are required where its parameter has <c>[Required]</c>,
/// and nullable only where null is accepted (an optional field).</item>
/// <item>Constraints from the record's parameter attributes (<c>[Range]</c>, <c>[StringLength]</c>,
/// <c>[RegularExpression]</c>, <c>[MaxLength]</c> on arrays); defaults where none is given: money in a
/// request (every <c>decimal</c> not named like a rate) <c>multipleOf 0.01</c>, integers 0–2,147,483,647,
/// strings at most <see cref="DefaultMaxLength"/>, arrays at most <see cref="DefaultMaxItems"/>.</item>
/// <item>A description on every property, from <see cref="PropertyDescriptions"/>.</item>
/// </list>
/// </summary>
internal sealed class ContractSchemaFilter : ISchemaFilter
{
    public const int DefaultMaxLength = 4000;
    public const int DefaultMaxItems = 100_000;

    public void Apply(IOpenApiSchema model, SchemaFilterContext context)
    {
        if (model is not OpenApiSchema schema) return;
        var type = context.Type;
        if (type.IsEnum)
        {
            schema.Description ??= PropertyDescriptions.ForEnum(type);
            return;
        }
        if (schema.Properties is not { Count: > 0 } properties || type.Namespace?.StartsWith("LoanService", StringComparison.Ordinal) != true)
            return;
        var request = type.Name.EndsWith("Request", StringComparison.Ordinal);
        var parameters = type.GetConstructors().SelectMany(c => c.GetParameters())
            .GroupBy(p => p.Name!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        schema.Required ??= new HashSet<string>();
        schema.Description ??= PropertyDescriptions.ForType(type);
#pragma warning disable CS0618 // Examples is 3.1's keyword; the 3.0 document writes Example
        schema.Example ??= ContractExamples.For(type.Name);
#pragma warning restore CS0618
        foreach (var name in properties.Keys.ToList())
        {
            var clr = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            var parameter = parameters.GetValueOrDefault(name);
            var attributes = (parameter?.GetCustomAttributes() ?? []).Concat(clr?.GetCustomAttributes() ?? []).ToList();
            var marked = attributes.OfType<RequiredAttribute>().Any();
            var required = !request || marked;
            if (required) schema.Required.Add(name);
            var propertyType = clr?.PropertyType ?? typeof(object);
            // [Required] on a record used both ways (RateRuleDto) means never null in either direction.
            var nullable = !required || (!request && !marked && IsNullable(clr));
            var property = properties[name];
            var description = PropertyDescriptions.For(type, name);
            properties[name] = property is OpenApiSchemaReference reference
                ? Referenced(reference, nullable, description, (Nullable.GetUnderlyingType(propertyType) ?? propertyType).IsEnum)
                : Constrain((OpenApiSchema)property, propertyType, name, attributes, nullable, request, description);
        }
    }

    /// <summary>
    /// A property of a schema type is a bare <c>$ref</c> (the referenced schema carries the description:
    /// in OpenAPI 3.0 nothing may sit beside a <c>$ref</c>), or, when null is sent, <c>oneOf</c> that
    /// reference with <c>nullable</c>: generators (NSwag, openapi-typescript) read both as the type itself.
    /// </summary>
    private static IOpenApiSchema Referenced(OpenApiSchemaReference reference, bool nullable, string description, bool isEnum) =>
        nullable
            ? new OpenApiSchema
            {
                OneOf = [reference], Type = (isEnum ? JsonSchemaType.String : JsonSchemaType.Object) | JsonSchemaType.Null,
                Description = description,
            }
            : reference;

    private static OpenApiSchema Constrain(OpenApiSchema schema, Type clrType, string name, List<Attribute> attributes,
        bool nullable, bool request, string description)
    {
        schema.Description = description;
        if (schema.Type is { } t)
            schema.Type = nullable ? t | JsonSchemaType.Null : t & ~JsonSchemaType.Null;
        if (schema.AllOf is { Count: > 0 } && schema.Type is null && nullable) schema.Type = JsonSchemaType.Null;
        var underlying = Nullable.GetUnderlyingType(clrType) ?? clrType;
        var range = attributes.OfType<RangeAttribute>().FirstOrDefault();
        if (range is not null)
        {
            schema.Minimum = Invariant(range.Minimum);
            schema.Maximum = Invariant(range.Maximum);
        }
        if (underlying == typeof(decimal))
        {
            schema.Format = "decimal";
            // On requests only: JSON Schema validators that divide in binary floating point (Prism's ajv)
            // find 129.17 not a multiple of 0.01, and would refuse the service's own answers.
            if (request) schema.MultipleOf = IsRate(name) ? 0.000001m : 0.01m;
        }
        else if (underlying == typeof(int) || underlying == typeof(long))
        {
            schema.Minimum ??= "0";
            schema.Maximum ??= underlying == typeof(int) ? int.MaxValue.ToString(CultureInfo.InvariantCulture) : "9007199254740991";
        }
        else if (underlying == typeof(double))
        {
            schema.Minimum ??= "0";
            schema.Maximum ??= "1000000000";
        }
        if (schema.Type?.HasFlag(JsonSchemaType.String) == true && FormatLength(schema.Format) is { } formatted)
            schema.MaxLength ??= formatted;
        if (schema.Type?.HasFlag(JsonSchemaType.String) == true && schema.Format is null && schema.Enum is not { Count: > 0 })
        {
            if (attributes.OfType<StringLengthAttribute>().FirstOrDefault() is { } length)
            {
                schema.MaxLength = length.MaximumLength;
                if (length.MinimumLength > 0) schema.MinLength = length.MinimumLength;
            }
            schema.MaxLength ??= DefaultMaxLength;
            if (attributes.OfType<RegularExpressionAttribute>().FirstOrDefault() is { } regex) schema.Pattern = regex.Pattern;
        }
        if (schema.Type?.HasFlag(JsonSchemaType.Array) == true)
        {
            schema.MaxItems = attributes.OfType<MaxLengthAttribute>().FirstOrDefault()?.Length ?? DefaultMaxItems;
            if (schema.Items is OpenApiSchema items && Nullable.GetUnderlyingType(ElementType(underlying) ?? typeof(object)) is null)
            {
                if (ElementType(underlying) == typeof(int))
                {
                    items.Minimum ??= range?.Minimum is { } min ? Invariant(min) : "0";
                    items.Maximum ??= range?.Maximum is { } max ? Invariant(max) : int.MaxValue.ToString(CultureInfo.InvariantCulture);
                    schema.Minimum = schema.Maximum = null;
                }
                if (items.Type?.HasFlag(JsonSchemaType.String) == true)
                    items.MaxLength ??= FormatLength(items.Format) ?? (items.Format is null ? DefaultMaxLength : null);
            }
        }
        return schema;
    }

    /// <summary>The longest text of a formatted string: a uuid, a date (<c>2026-01-21</c>), an instant.</summary>
    public static int? FormatLength(string? format) => format switch
    {
        "uuid" => 36,
        "date" => 10,
        "date-time" => 40,
        _ => null,
    };

    /// <summary>Rates are fractions (0.0435 = 4.35%); every other decimal is an amount in yuan.</summary>
    public static bool IsRate(string name) =>
        name.EndsWith("Rate", StringComparison.OrdinalIgnoreCase) || name.Equals("value", StringComparison.OrdinalIgnoreCase);

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : type.IsGenericType ? type.GetGenericArguments()[0] : null;

    private static bool IsNullable(PropertyInfo? property)
    {
        if (property is null) return false;
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null) return true;
        if (property.PropertyType.IsValueType) return false;
        return new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;
    }

    private static string? Invariant(object? value) => value switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
