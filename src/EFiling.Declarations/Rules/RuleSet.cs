using System.Data;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;

namespace EFiling.Declarations.Rules;

/// <summary>
/// A form's business rules, compiled once. Assertions are System.Data expressions, each evaluated in a one-row
/// DataTable of its own whose columns are the values it names; each thread keeps its own tables, so evaluation is
/// lock-free. A table per assertion keeps System.Data's checked arithmetic (which throws on overflow) to the rule whose
/// figures overflowed: that rule ends in a <see cref="ValueOverflow"/> finding and the others are still evaluated.
/// </summary>
public sealed class RuleSet
{
    public const string ValueNotNumber = "RULE_VALUE_NOT_NUMBER";

    /// <summary>A sum, or a rule's arithmetic, leaves the range of a long (±9.2·10^18 đồng): no real figure does.</summary>
    public const string ValueOverflow = "RULE_VALUE_OVERFLOW";

    /// <summary>Most findings one list rule reports with their row's path.</summary>
    public const int MaxLocatedFindingsPerRule = 50;

    private const string RuleColumn = "rule:holds"; // no value name has a colon

    /// <summary>The assertion rules, each with the values its expression names (the columns of its table).</summary>
    private readonly (RuleDefinition Rule, string[] Uses)[] _asserts;
    private readonly ThreadLocal<DataTable[]> _tables;
    private readonly Dictionary<string, Regex> _patterns;

    public RuleSet(string form, IReadOnlyDictionary<string, ValueDefinition> values, IReadOnlyList<RuleDefinition> rules)
    {
        Form = form;
        Values = values;
        Rules = rules;
        _patterns = rules.Where(r => r.Pattern is not null)
            .ToDictionary(r => r.Code, r => new Regex(r.Pattern!.Regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
        _asserts = rules.Where(r => r.Assert is not null)
            .Select(r => (r, values.Keys.Where(name => Regex.IsMatch(r.Assert!, $@"\b{Regex.Escape(name)}\b")).ToArray()))
            .ToArray();
        _tables = new ThreadLocal<DataTable[]>(() => [.. _asserts.Select((_, i) => BuildTable(i))]);
        _ = _tables.Value; // fail at load, not at the first filing, when an expression does not compile
    }

    public string Form { get; }
    public IReadOnlyDictionary<string, ValueDefinition> Values { get; }
    public IReadOnlyList<RuleDefinition> Rules { get; }

    public IReadOnlyList<Finding> Evaluate(XmlElement signedPart)
    {
        var findings = new List<Finding>();
        var overflowed = new HashSet<string>(StringComparer.Ordinal);
        var values = ReadValues(signedPart, overflowed, findings);
        EvaluateAsserts(signedPart, values, overflowed, findings);
        foreach (var rule in Rules)
        {
            if (rule.Pattern is { } p) CheckPattern(rule, p, signedPart, findings);
            if (rule.Unique is { } u) CheckUnique(rule, u, signedPart, findings);
        }
        return findings;
    }

    /// <param name="overflowed">Receives the sums that left the range of a long: each is refused here, and the rules
    /// naming it are not evaluated (an unchecked sum would wrap and could match any declared total).</param>
    private Dictionary<string, long> ReadValues(XmlElement signedPart, HashSet<string> overflowed, List<Finding> findings)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        // Values over the same rows are read in one pass: a 2,000-invoice appendix is walked once, not once per value.
        foreach (var group in Values.GroupBy(v => string.Join('/', v.Value.RowSteps)))
        {
            var rows = LocalPath.SelectAll(signedPart, group.First().Value.RowSteps);
            foreach (var (name, def) in group)
            {
                if (def.Aggregate == ValueAggregate.Single)
                {
                    result[name] = rows.Count > 0 ? Number(rows[0], findings) : 0;
                    continue;
                }
                long total = 0;
                foreach (var row in rows)
                {
                    if (!Matches(row, def.Where)) continue;
                    if (def.Aggregate == ValueAggregate.Count) total++;
                    else if (LocalPath.Children(row, def.Leaf!).FirstOrDefault() is { } leaf)
                    {
                        var addend = Number(leaf, findings);
                        try
                        {
                            total = checked(total + addend);
                        }
                        catch (OverflowException)
                        {
                            findings.Add(new Finding(ValueOverflow, Severity.Reject,
                                $"The sum '{name}' leaves the range of whole numbers the rules compute with (±9.2·10^18 đồng) at this row.",
                                $"Tổng '{name}' vượt quá giới hạn số nguyên tính được (±9,2·10^18 đồng) tại dòng này.",
                                Path: LocalPath.Describe(leaf)));
                            overflowed.Add(name);
                            break;
                        }
                    }
                }
                result[name] = total;
            }
        }
        return result;
    }

    private static bool Matches(XmlElement row, IReadOnlyDictionary<string, string> where)
    {
        foreach (var (child, expected) in where)
        {
            var text = LocalPath.Children(row, child).FirstOrDefault()?.InnerText.Trim() ?? "";
            if (text != expected) return false;
        }
        return true;
    }

    /// <summary>A missing or empty element counts as 0, as on the paper form.</summary>
    private static long Number(XmlElement e, List<Finding> findings)
    {
        var text = e.InnerText.Trim();
        if (text.Length == 0) return 0;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
        // Flags such as ct21 ("no purchase or sale") are xs:boolean in the official schemas, which HTKK writes as
        // true/false; the schema has already checked the lexical form, so they count as 1/0 like the own schema's 0/1.
        if (text is "true") return 1;
        if (text is "false") return 0;
        findings.Add(new Finding(ValueNotNumber, Severity.Reject, $"'{text}' is not a whole number of đồng.", $"'{text}' không phải là số nguyên.", Path: LocalPath.Describe(e)));
        return 0;
    }

    private void EvaluateAsserts(XmlElement signedPart, Dictionary<string, long> values, HashSet<string> overflowed, List<Finding> findings)
    {
        var tables = _tables.Value!;
        for (var i = 0; i < _asserts.Length; i++)
        {
            var (rule, uses) = _asserts[i];
            if (uses.Any(overflowed.Contains)) continue; // already refused with the sum's own RULE_VALUE_OVERFLOW
            var used = string.Join(", ", uses.Select(name => $"{name}={values[name]}"));
            bool holds;
            try
            {
                holds = Holds(tables[i], uses, values);
            }
            // System.Data computes with checked arithmetic; an overflow inside AND or OR comes out of it as a
            // NullReferenceException instead (its binary node loses the OverflowException). Nothing else in Holds can
            // be null: every column the expression names is set, and the expression compiled at load.
            catch (Exception e) when (e is OverflowException or NullReferenceException)
            {
                // Each figure is a valid xs:long, but the rule's arithmetic is not: no real declaration comes near.
                tables[i] = BuildTable(i); // a table whose insert threw is not trusted with the next filing
                findings.Add(new Finding(ValueOverflow, Severity.Reject,
                    $"Rule {rule.Code} cannot be computed: its figures leave the range of whole numbers (±9.2·10^18 đồng) ({used})",
                    $"Không tính được quy tắc {rule.Code}: các chỉ tiêu vượt quá giới hạn số nguyên (±9,2·10^18 đồng) ({used})",
                    Path: LocalPath.Describe(signedPart)));
                continue;
            }
            if (!holds)
                findings.Add(new Finding(rule.Code, rule.Severity, $"{rule.Message.En} ({used})", $"{rule.Message.Vi} ({used})", Path: LocalPath.Describe(signedPart)));
        }
    }

    /// <summary>The expression column is computed when the row is added; System.Data throws OverflowException there.</summary>
    private static bool Holds(DataTable table, string[] uses, Dictionary<string, long> values)
    {
        table.Rows.Clear();
        var row = table.NewRow();
        foreach (var name in uses) row[name] = values[name];
        table.Rows.Add(row);
        return row[RuleColumn] is true;
    }

    private void CheckPattern(RuleDefinition rule, PatternCheck check, XmlElement signedPart, List<Finding> findings)
    {
        var failing = LocalPath.SelectAll(signedPart, check.Path).Where(e => !_patterns[rule.Code].IsMatch(e.InnerText.Trim()));
        AddLocated(rule, failing.Select(e => (e.InnerText.Trim(), e)), findings);
    }

    private static void CheckUnique(RuleDefinition rule, UniqueCheck check, XmlElement signedPart, List<Finding> findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = LocalPath.SelectAll(signedPart, check.Path)
            .Select(row => (Key: LocalPath.Text(row, check.Key), Row: row))
            .Where(r => r.Key is not null && !seen.Add(r.Key))
            .Select(r => (r.Key!, r.Row));
        AddLocated(rule, repeated, findings);
    }

    /// <summary>One finding per offending row up to a limit, then one that counts the rest: a list of
    /// thousands of bad rows must neither flood the answer nor cost quadratic time to locate.</summary>
    private static void AddLocated(RuleDefinition rule, IEnumerable<(string Value, XmlElement Element)> offenders, List<Finding> findings)
    {
        var count = 0;
        foreach (var (value, element) in offenders)
        {
            if (++count <= MaxLocatedFindingsPerRule) findings.Add(Located(rule, value, element));
        }
        if (count > MaxLocatedFindingsPerRule)
            findings.Add(new Finding(rule.Code, rule.Severity, $"{count - MaxLocatedFindingsPerRule} more rows fail this rule.", $"Còn {count - MaxLocatedFindingsPerRule} dòng khác vi phạm quy tắc này."));
    }

    private static Finding Located(RuleDefinition rule, string value, XmlElement e) =>
        new(rule.Code, rule.Severity, rule.Message.En.Replace("{value}", value), rule.Message.Vi.Replace("{value}", value), Path: LocalPath.Describe(e));

    private DataTable BuildTable(int assertIndex)
    {
        var (rule, uses) = _asserts[assertIndex];
        var table = new DataTable { Locale = CultureInfo.InvariantCulture };
        foreach (var name in uses) table.Columns.Add(name, typeof(long));
        try
        {
            table.Columns.Add(RuleColumn, typeof(bool), rule.Assert!);
        }
        catch (Exception e) when (e is EvaluateException or SyntaxErrorException or InvalidExpressionException)
        {
            throw new InvalidDataException($"Rule {rule.Code} of {Form}: '{rule.Assert}' does not compile: {e.Message}", e);
        }
        return table;
    }
}
