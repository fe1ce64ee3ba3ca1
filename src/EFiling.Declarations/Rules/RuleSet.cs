using System.Data;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;

namespace EFiling.Declarations.Rules;

/// <summary>
/// A form's business rules, compiled once. Assertions are System.Data expressions, each evaluated in the one row of a
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

    /// <summary>The values grouped by the rows they read, with their paths split once: a group's rows are walked once.</summary>
    private readonly ValueGroup[] _groups;

    private sealed record ValueGroup(string[] RowSteps, ValueRead[] Values);

    private sealed record ValueRead(string Name, ValueAggregate Aggregate, string? Leaf, KeyValuePair<string, string>[] Where);

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
        _groups = [.. values.GroupBy(v => string.Join('/', v.Value.RowSteps)).Select(g => new ValueGroup(
            g.First().Value.RowSteps,
            [.. g.Select(v => new ValueRead(v.Key, v.Value.Aggregate, v.Value.Leaf, [.. v.Value.Where]))]))];
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
        var children = new List<XmlElement>();
        // Values over the same rows are read in one pass: a 2,000-invoice appendix is walked once, not once per value,
        // and each row's children once for all the values that read them.
        foreach (var group in _groups)
        {
            var rows = LocalPath.SelectAll(signedPart, group.RowSteps);
            var totals = new long[group.Values.Length];
            var stopped = new bool[group.Values.Length];
            for (var v = 0; v < group.Values.Length; v++)
            {
                if (group.Values[v].Aggregate == ValueAggregate.Single)
                {
                    totals[v] = rows.Count > 0 ? Number(rows[0], findings) : 0;
                    stopped[v] = true;
                }
            }
            foreach (var row in rows)
            {
                children.Clear();
                for (var n = row.FirstChild; n is not null; n = n.NextSibling)
                {
                    if (n is XmlElement e && e.NamespaceURI == row.NamespaceURI) children.Add(e);
                }
                for (var v = 0; v < group.Values.Length; v++)
                {
                    var value = group.Values[v];
                    if (stopped[v] || !Matches(children, value.Where)) continue;
                    if (value.Aggregate == ValueAggregate.Count) totals[v]++;
                    else if (FirstNamed(children, value.Leaf!) is { } leaf)
                    {
                        var addend = Number(leaf, findings);
                        try
                        {
                            totals[v] = checked(totals[v] + addend);
                        }
                        catch (OverflowException)
                        {
                            findings.Add(new Finding(ValueOverflow, Severity.Reject,
                                $"The sum '{value.Name}' leaves the range of whole numbers the rules compute with (±9.2·10^18 đồng) at this row.",
                                $"Tổng '{value.Name}' vượt quá giới hạn số nguyên tính được (±9,2·10^18 đồng) tại dòng này.",
                                Path: LocalPath.Describe(leaf)));
                            overflowed.Add(value.Name);
                            stopped[v] = true;
                        }
                    }
                }
            }
            for (var v = 0; v < group.Values.Length; v++) result[group.Values[v].Name] = totals[v];
        }
        return result;
    }

    /// <summary>The row's first child of that name (the row's children listed once, in order).</summary>
    private static XmlElement? FirstNamed(List<XmlElement> children, string localName)
    {
        foreach (var child in children)
        {
            if (child.LocalName == localName) return child;
        }
        return null;
    }

    private static bool Matches(List<XmlElement> children, KeyValuePair<string, string>[] where)
    {
        foreach (var (child, expected) in where)
        {
            var text = FirstNamed(children, child)?.InnerText.Trim() ?? "";
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
                var figures = Used(uses, values);
                findings.Add(new Finding(ValueOverflow, Severity.Reject,
                    $"Rule {rule.Code} cannot be computed: its figures leave the range of whole numbers (±9.2·10^18 đồng) ({figures})",
                    $"Không tính được quy tắc {rule.Code}: các chỉ tiêu vượt quá giới hạn số nguyên (±9,2·10^18 đồng) ({figures})",
                    Path: LocalPath.Describe(signedPart)));
                continue;
            }
            if (!holds)
            {
                var figures = Used(uses, values);
                findings.Add(new Finding(rule.Code, rule.Severity, $"{rule.Message.En} ({figures})", $"{rule.Message.Vi} ({figures})", Path: LocalPath.Describe(signedPart)));
            }
        }
    }

    /// <summary>"ct27=5, ct29=3": the figures a failed rule read, for its message (built only when it fails).</summary>
    private static string Used(string[] uses, Dictionary<string, long> values) => string.Join(", ", uses.Select(name => $"{name}={values[name]}"));

    /// <summary>The table's one row takes the filing's figures in one edit; the expression column is computed when the
    /// edit ends (System.Data throws OverflowException there). Editing the row in place costs a fraction of clearing the
    /// table and adding a row per filing, which was most of the rules' time.</summary>
    private static bool Holds(DataTable table, string[] uses, Dictionary<string, long> values)
    {
        var row = table.Rows[0];
        row.BeginEdit();
        foreach (var name in uses) row[name] = values[name];
        row.EndEdit();
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
        // The row every filing's figures are written to (see Holds); empty until then, so nothing is computed here.
        table.Rows.Add(table.NewRow());
        return table;
    }
}
