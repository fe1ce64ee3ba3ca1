using System.Collections.Concurrent;
using EFiling.Declarations.Catalogue;

namespace EFiling.Declarations.Rules;

/// <summary>The compiled rule set of every form in the catalogue, loaded on first use and kept.</summary>
public sealed class RuleBook(FormCatalogue catalogue)
{
    private readonly ConcurrentDictionary<string, Lazy<RuleSet?>> _sets = new(StringComparer.Ordinal);

    public RuleSet? For(FormDefinition form) =>
        _sets.GetOrAdd(form.Code, _ => new Lazy<RuleSet?>(() => form.Rules is null ? null : RuleSetLoader.Load(catalogue.PathOf(form.Rules)))).Value;

    /// <summary>The rules of a form as carried in a dossier (its own file: the dossier's columns are not the own format's).</summary>
    public RuleSet? For(DossierFormDefinition form) =>
        _sets.GetOrAdd("dossier:" + form.Schema, _ => new Lazy<RuleSet?>(() => form.Rules is null ? null : RuleSetLoader.Load(catalogue.PathOf(form.Rules)))).Value;

    /// <summary>Loads every form's rules now, so a broken rules file stops start-up instead of a filing.</summary>
    public void LoadAll()
    {
        foreach (var form in catalogue.Forms) For(form);
        foreach (var form in catalogue.Dossiers.SelectMany(d => d.Forms)) For(form);
    }
}
