using System.CommandLine;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace FastDays.Examples.Cli;

/// <summary>Turns an options record into a System.CommandLine command and binds it: the record's defaults, then its config file, then the command
/// line.</summary>
internal static class OptionsBinder
{
    /// <summary>A command with one --option (or positional argument) per init property of T, whose action binds a T and runs it.</summary>
    public static Command CreateCommand<T>(string name, string summary, Func<T, int> run) where T : class, new()
    {
        var command = new Command(name, summary);
        var defaults = new T();
        var config = typeof(T).GetCustomAttribute<ConfigFileAttribute>();
        var configOption = config is null ? null : new Option<string>("--config")
        {
            Description = $"A YAML file of option values (keys in snake_case); options given here override it [default: {config.DefaultPath} when it exists]",
            HelpName = "FILE",
        };
        if (configOption is not null) command.Options.Add(configOption);
        var options = new List<(PropertyInfo Property, Option<string> Option)>();
        var arguments = new List<(PropertyInfo Property, Argument Argument)>();
        foreach (var p in Properties(typeof(T)))
        {
            if (p.GetCustomAttribute<PositionalAttribute>() is { } positional)
            {
                Argument argument = p.PropertyType == typeof(string[])
                    ? new Argument<string[]>(Kebab(p.Name))
                    {
                        Arity = positional.Optional ? ArgumentArity.ZeroOrMore : ArgumentArity.OneOrMore, Description = Describe(p, null),
                    }
                    : new Argument<string>(Kebab(p.Name)) { Description = Describe(p, null) };
                command.Arguments.Add(argument);
                arguments.Add((p, argument));
                continue;
            }
            var option = new Option<string>("--" + Kebab(p.Name)) { Description = Describe(p, p.GetValue(defaults)), HelpName = ValueName(p) };
            if (p.PropertyType == typeof(bool)) option.Arity = ArgumentArity.ZeroOrOne;
            command.Options.Add(option);
            options.Add((p, option));
        }
        command.SetAction(parse => run(Bind<T>(parse, config, configOption, options, arguments)));
        return command;
    }

    /// <summary>The options a command line (and the config file it names) gives T, without running anything.</summary>
    public static T Parse<T>(IReadOnlyList<string> args) where T : class, new()
    {
        T? bound = null;
        Invoke(CreateCommand<T>("parse", "", o => { bound = o; return 0; }), args);
        return bound ?? throw new ArgumentException("no options were bound (was --help given?)");
    }

    /// <summary>Every option of a bound T with its value as the command line spells it (--pct-start, 0.25), in --help's order.</summary>
    public static IEnumerable<(string Option, string Value)> Values<T>(T options) where T : class =>
        Properties(typeof(T)).Where(p => p.GetCustomAttribute<PositionalAttribute>() is null)
            .Select(p => ("--" + Kebab(p.Name), Spelled(p.GetValue(options)) ?? ""));

    /// <summary>A command's line split into words and run; a malformed line is an ArgumentException naming what is wrong.</summary>
    public static int Invoke(Command command, IReadOnlyList<string> args)
    {
        if (command is not RootCommand)
        {
            // A command alone (tests, Parse): under a root of its own, which brings --help.
            var root = new RootCommand(command.Description ?? "") { command };
            (command, args) = (root, [command.Name, .. args]);
        }
        var parse = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0) throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message)));
        return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }

    private static T Bind<T>(ParseResult parse, ConfigFileAttribute? config, Option<string>? configOption,
        List<(PropertyInfo Property, Option<string> Option)> options, List<(PropertyInfo Property, Argument Argument)> arguments) where T : class, new()
    {
        var result = new T();
        var from = new Dictionary<PropertyInfo, string>();   // where each value came from, for error messages
        if (config is not null)
        {
            var path = parse.GetValue(configOption!) ?? (File.Exists(config.DefaultPath) ? config.DefaultPath : null);
            if (path is not null)
                foreach (var (key, text) in ConfigFile.Load(path))
                {
                    var where = $"{path}: '{key.Replace('-', '_')}'";
                    var property = options.Select(o => o.Property).FirstOrDefault(p => Kebab(p.Name) == key);
                    if (property is null && config.SharedWith is { } shared && Properties(shared).Any(p => Kebab(p.Name) == key)) continue;
                    if (property is null)
                        throw new ArgumentException($"{path}: unknown key '{key.Replace('-', '_')}' (keys: " +
                            $"{string.Join(", ", options.Select(o => Kebab(o.Property.Name).Replace('-', '_')))})");
                    property.SetValue(result, Convert(property.PropertyType, text, where));
                    from[property] = where;
                }
        }
        foreach (var (property, option) in options)
        {
            if (parse.GetResult(option) is not { Implicit: false } given) continue;
            var where = $"option --{Kebab(property.Name)}";
            var text = given.Tokens.Count > 0 ? given.Tokens[0].Value : property.PropertyType == typeof(bool) ? "true" : null;
            property.SetValue(result, Convert(property.PropertyType, text ?? throw new ArgumentException($"{where} needs a value"), where));
            from[property] = where;
        }
        foreach (var (property, argument) in arguments)
            property.SetValue(result, parse.GetResult(argument) is { } given
                ? property.PropertyType == typeof(string[]) ? given.Tokens.Select(t => t.Value).ToArray() : given.Tokens.Single().Value
                    : property.GetValue(result));
        foreach (var property in Properties(typeof(T)))
        {
            var value = property.GetValue(result);
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>().Where(r => !r.IsValid(value)))
                throw new ArgumentException($"{from.GetValueOrDefault(property, $"option --{Kebab(property.Name)}")} {Explain(rule)}, not {Shown(value)}");
        }
        return result;
    }

    /// <summary>What a validation rule asks for, as the sentence after the option's name.</summary>
    private static string Explain(ValidationAttribute rule) => rule switch
    {
        AllowedValuesAttribute a => $"must be one of {string.Join(", ", a.Values)}",
        RangeAttribute { MinimumIsExclusive: true } r => $"must be greater than {Invariant(r.Minimum)} and at most {Invariant(r.Maximum)}",
        RangeAttribute { MaximumIsExclusive: true } r => $"must be at least {Invariant(r.Minimum)} and less than {Invariant(r.Maximum)}",
        RangeAttribute r => $"must be between {Invariant(r.Minimum)} and {Invariant(r.Maximum)}",
        LengthAttribute l => $"takes {l.MinimumLength} to {l.MaximumLength} values",
        EachInRangeAttribute e => $"takes values between {e.Minimum} and {e.Maximum}",
        _ => rule.FormatErrorMessage("the value"),
    };

    private static string Shown(object? value) => value switch
    {
        string s => $"'{Formats.Clip(s)}'",
        int[] list => Formats.List(list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => $"{value}",
    };

    private static string Invariant(object o) => System.Convert.ToString(o, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The most values a list option reads (its own rule may allow fewer).</summary>
    private const int MaxListValues = 1024;

    private static object? Convert(Type type, string text, string where)
    {
        if (type == typeof(string)) return text;
        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i :
                throw new ArgumentException($"{where} takes a whole number, not '{Formats.Clip(text)}'");
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d :
                throw new ArgumentException($"{where} takes a finite number, not '{Formats.Clip(text)}'");
        if (type == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" or "1" => true,
                "false" or "no" or "off" or "0" => false,
                _ => throw new ArgumentException($"{where} takes true or false, not '{Formats.Clip(text)}'"),
            };
        if (type == typeof(int[]))
        {
            if (text.Trim().Length == 0) return Array.Empty<int>();
            var count = text.Count(c => c == ',') + 1;
            if (count > MaxListValues) throw new ArgumentException($"{where} takes at most {MaxListValues} values, not {count:N0}");
            return text.Split(',').Select(v => int.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
                : throw new ArgumentException($"{where} takes whole numbers separated by commas, not '{Formats.Clip(text)}'")).ToArray();
        }
        if (type == typeof(string[]))
        {
            if (text.Trim().Length == 0) return Array.Empty<string>();
            var count = text.Count(c => c == ',') + 1;
            if (count > MaxListValues) throw new ArgumentException($"{where} takes at most {MaxListValues} values, not {count:N0}");
            return text.Split(',').Select(v => v.Trim()).ToArray();
        }
        throw new NotSupportedException($"options of type {type.Name} are not supported ({where})");
    }

    // The init properties of an options record, those of base records first.
    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => Depth(p.DeclaringType!)).ThenBy(p => p.MetadataToken);

    private static int Depth(Type t) => t.BaseType is null ? 0 : 1 + Depth(t.BaseType);

    private static string Describe(PropertyInfo p, object? fallback)
    {
        var text = p.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? throw new InvalidOperationException($"{p.DeclaringType!.Name}.{p.Name} needs a [Description] for --help");
        return Spelled(fallback) is { } shown ? $"{text} [default: {shown}]" : text;
    }

    // A value as the command line spells it; null for none.
    private static string? Spelled(object? value) => value switch
    {
        null or "" => null,
        int[] list => string.Join(',', list),
        string[] list => string.Join(',', list),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string ValueName(PropertyInfo p) =>
        p.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed ? string.Join('|', allowed.Values)
        : p.PropertyType == typeof(int) ? "N" : p.PropertyType == typeof(double) ? "X" : p.PropertyType == typeof(bool) ? "true|false"
        : p.PropertyType == typeof(int[]) ? "N,N,..." : "TEXT";

    /// <summary>PctStart → pct-start: a property's option name.</summary>
    public static string Kebab(string name)
    {
        var s = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) s.Append('-');
            s.Append(char.ToLowerInvariant(name[i]));
        }
        return s.ToString();
    }
}
