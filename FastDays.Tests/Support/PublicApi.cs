using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace FastDays.Tests.Support;

/// <summary>The public surface of an assembly as sorted text lines, one per type and member, read by reflection.</summary>
public static partial class PublicApi
{
    /// <summary>Every public type and every public or protected member it declares, one line each, sorted.</summary>
    public static IReadOnlyList<string> Lines(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add(TypeLine(type));
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(flags))
            {
                var line = MemberLine(type, member);
                if (line is not null) lines.Add(line);
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Names of public types and members with three or more capitals in a row (an acronym written in capitals).</summary>
    public static IEnumerable<string> AcronymsInCapitals(Assembly assembly) =>
        assembly.GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodBase { IsSpecialName: true } and not ConstructorInfo)
                .Select(m => $"{t.FullName}.{m.Name}").Prepend(t.FullName!))
            .Where(n => Capitals().IsMatch(n.Split('.')[^1].Split('`')[0]));

    private static string TypeLine(Type t)
    {
        var kind = t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct"
            : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : t.IsAbstract && t.IsSealed ? "static class"
            : (t.IsSealed ? "sealed " : t.IsAbstract ? "abstract " : "") + "class";
        var bases = new List<string>();
        if (t.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && b != typeof(MulticastDelegate)) bases.Add(Name(b));
        bases.AddRange(t.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return $"{t.Namespace}.{Name(t)} [{kind}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}]";
    }

    private static string? MemberLine(Type t, MemberInfo m)
    {
        var prefix = $"{t.Namespace}.{Name(t)}.";
        switch (m)
        {
            case ConstructorInfo c when Visible(c):
                return $"{prefix}ctor({Parameters(c)})";
            case MethodInfo mi when Visible(mi) && !mi.IsSpecialName:
                var generic = mi.IsGenericMethodDefinition ? $"<{string.Join(", ", mi.GetGenericArguments().Select(a => a.Name))}>" : "";
                return $"{prefix}{Modifiers(mi)}{mi.Name}{generic}({Parameters(mi)}) -> {Name(mi.ReturnType, Nullability.Create(mi.ReturnParameter))}";
            case MethodInfo mi when Visible(mi) && mi.Name.StartsWith("op_", StringComparison.Ordinal):
                return $"{prefix}{mi.Name}({Parameters(mi)}) -> {Name(mi.ReturnType, Nullability.Create(mi.ReturnParameter))}";
            case PropertyInfo p when (p.GetMethod is { } g && Visible(g)) || (p.SetMethod is { } s && Visible(s)):
                var accessors = (p.GetMethod is { } get && Visible(get) ? "get; " : "") + (p.SetMethod is { } set && Visible(set)
                    ? (set.ReturnParameter.GetRequiredCustomModifiers().Any(x => x.Name == "IsExternalInit") ? "init; " : "set; ") : "");
                var index = p.GetIndexParameters() is { Length: > 0 } ip ? $"[{string.Join(", ", ip.Select(x => $"{Name(x.ParameterType)} {x.Name}"))}]" : "";
                return $"{prefix}{Modifiers(p.GetMethod ?? p.SetMethod!)}{p.Name}{index}: {Name(p.PropertyType, Nullability.Create(p))} {{ {accessors}}}";
            case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                if (t.IsEnum)
                    return f.IsSpecialName ? null
                        : $"{prefix}{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
                return $"{prefix}{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{f.Name}: " +
                    $"{Name(f.FieldType, Nullability.Create(f))}";
            case EventInfo e when e.AddMethod is { } add && Visible(add):
                return $"{prefix}event {e.Name}: {Name(e.EventHandlerType!)}";
            case Type nested when nested.IsNestedPublic:
                return null;   // listed as a type of its own
            default:
                return null;
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string Modifiers(MethodInfo m) =>
        (m.IsFamily || m.IsFamilyOrAssembly ? "protected " : "") + (m.IsStatic ? "static " : "")
        + (m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal && m.GetBaseDefinition() == m ? "virtual " : m.GetBaseDefinition() != m ? "override " : "");

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p =>
    {
        var modifier = p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ")
            : p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : "";
        var type = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
        var extension = p.Position == 0 && m.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)) ? "this " : "";
        var nullability = Nullability.Create(p);
        return $"{extension}{modifier}{Name(type, p.ParameterType.IsByRef ? nullability.ElementType : nullability)} " +
            $"{p.Name}{(p.HasDefaultValue ? " = " + Literal(p.DefaultValue) : "")}";
    }));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static readonly NullabilityInfoContext Nullability = new();

    // A type with the nullable annotations of its declaration (`string?`, `List<Tensor?>`).
    private static string Name(Type t, NullabilityInfo? info)
    {
        if (info is null) return Name(t);
        if (t.IsArray) return Name(t.GetElementType()!, info.ElementType) + "[]" + (IsNullable(info) ? "?" : "");
        var name = Name(t);
        if (t.IsGenericType && Nullable.GetUnderlyingType(t) is null && info.GenericTypeArguments.Length == t.GetGenericArguments().Length
            && !(t.IsNested && t.DeclaringType!.IsGenericType))
        {
            var args = string.Join(", ", t.GetGenericArguments().Zip(info.GenericTypeArguments, Name));
            name = t.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true ? $"({args})"
                : $"{(t.IsNested ? Name(t.DeclaringType!) + "." : "")}{t.Name.Split('`')[0]}<{args}>";
        }
        return name + (!t.IsValueType && IsNullable(info) ? "?" : "");

        static bool IsNullable(NullabilityInfo i) => i.ReadState == NullabilityState.Nullable || i.WriteState == NullabilityState.Nullable;
    }

    /// <summary>A type as C# would write it, with namespaces left out.</summary>
    public static string Name(Type t)
    {
        if (t.IsArray) return Name(t.GetElementType()!) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        if (Nullable.GetUnderlyingType(t) is { } inner) return Name(inner) + "?";
        if (t.IsGenericParameter) return t.Name;
        var name = new StringBuilder();
        if (t.IsNested) name.Append(Name(t.DeclaringType!)).Append('.');
        if (t.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
            return "(" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ")";
        name.Append(t.Name.Split('`')[0]);
        var args = t.GetGenericArguments();
        if (t.IsNested && t.DeclaringType!.IsGenericType) args = args[t.DeclaringType.GetGenericArguments().Length..];
        if (args.Length > 0) name.Append('<').Append(string.Join(", ", args.Select(Name))).Append('>');
        return name.ToString();
    }

    [GeneratedRegex("[A-Z]{3,}")]
    private static partial Regex Capitals();
}
