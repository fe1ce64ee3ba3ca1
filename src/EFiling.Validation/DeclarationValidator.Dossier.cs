using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;
using EFiling.Signing;

namespace EFiling.Validation;

/// <summary>
/// The verdict on a dossier (an I-VAN <c>Hoso</c>): what parsing found in the envelope and in each form it carries,
/// each form's business rules, each form's signature, and the employer's signature over the whole dossier. Every
/// signature goes through the same <see cref="SignatureVerifier"/> as a declaration, and for every one of them the one
/// entitled to sign is the employer the envelope names (ThongTinDonVi/MaSoThue): a form signed by another unit is
/// CERT_MST_MISMATCH at that form's path. The expensive checks are skipped, as for a declaration, for a form or an
/// envelope that failed its own schema or header.
/// </summary>
public sealed partial class DeclarationValidator
{
    private ValidationResult ValidateDossier(ParsedDeclaration parsed, ParsedDossier dossier, List<Finding> findings, string sha256, DateTimeOffset receivedAt)
    {
        var employer = parsed.Header?.Mst.ToString() ?? dossier.EmployerMst?.Trim() ?? "";
        string[] entitled = [employer];
        var signers = new List<SignerSummary>();
        var forms = new List<DossierFormSummary>();

        foreach (var file in dossier.Files)
        {
            if (file.Document is null || file.Root is null || file.Form is null) continue;
            var label = $"File {file.Index} ({file.Form.Code}{(file.FileName is null ? "" : ", " + file.FileName)})";
            // Rules read figures that only mean something in a schema-valid form.
            if (!file.Refused && _rules.For(file.Form) is { } rules)
                findings.AddRange(rules.Evaluate(file.Root).Select(f => f with
                {
                    Message = $"{label}: {f.Message}",
                    Path = file.Path + (f.Path ?? LocalPath.Describe(file.Root)),
                }));

            SignerSummary? signer = null;
            if (file.SignatureBlock is null)
            {
                findings.Add(new Finding(SignatureCodes.Missing, Severity.Reject,
                    $"{label}: the form is not signed: it has no <{dossier.Definition.FormSignatureBlock}> with a ds:Signature.",
                    $"Tệp {file.Index}: tờ khai chưa được ký điện tử.", Path: file.PathOf(file.Root)));
            }
            else
            {
                var verification = _verifier.Verify(file.Document, file.Root, file.SignatureBlock, entitled, receivedAt,
                    refusedAlready: dossier.EnvelopeRefused || file.Refused);
                var path = file.PathOf(file.SignatureBlock);
                findings.AddRange(verification.Findings.Select(f => new Finding(f.Code, f.Severity, $"{label}: {f.Message}", Path: path)));
                signer = verification.Signers.Select(Summary).FirstOrDefault();
                foreach (var s in verification.Signers.Select(Summary)) Add(signers, s);
            }
            if (file.Sha256 is not null)
                forms.Add(new DossierFormSummary(file.Index, file.Form.Code, file.FormId ?? file.Form.Code, file.FileName, file.Sha256, signer));
        }

        // The employer's signature over the dossier: its signer is the filing's signer (first in the list).
        var envelopeSigners = new List<SignerSummary>();
        if (parsed.Document is not null && parsed.SignedPart is not null)
        {
            if (parsed.SignatureBlock is null)
            {
                findings.Add(new Finding(SignatureCodes.Missing, Severity.Reject,
                    $"The dossier is not signed: it has no <{dossier.Definition.SignatureBlock}> with the employer's ds:Signature.",
                    "Hồ sơ chưa được đơn vị ký điện tử.", Path: $"/{dossier.Definition.Root}/{dossier.Definition.SignatureBlock}"));
            }
            else
            {
                // Refused already when the envelope or any form failed its schema or checks of its own (not for signatures).
                var verification = _verifier.Verify(parsed.Document, parsed.SignedPart, parsed.SignatureBlock, entitled, receivedAt,
                    refusedAlready: parsed.Findings.Any(f => f.Severity == Severity.Reject));
                var path = LocalPath.Describe(parsed.SignatureBlock);
                findings.AddRange(verification.Findings.Select(f => new Finding(f.Code, f.Severity, $"The dossier's signature: {f.Message}", Path: path)));
                envelopeSigners.AddRange(verification.Signers.Select(Summary));
            }
        }
        var all = new List<SignerSummary>();
        foreach (var s in envelopeSigners.Concat(signers)) Add(all, s);

        var valid = !findings.Any(f => f.Severity == Severity.Reject) && envelopeSigners.Count > 0;
        return new ValidationResult
        {
            Parsed = parsed,
            Outcome = valid ? ValidationOutcome.Valid : ValidationOutcome.Invalid,
            Findings = findings,
            Sha256 = sha256,
            Header = parsed.Header,
            Signer = envelopeSigners.FirstOrDefault(),
            Signers = all,
            SchemaFile = parsed.Schema is null ? Path.GetFileName(dossier.Definition.Schema) : Path.GetFileName(parsed.Schema.Path),
            Dossier = new DossierSummary(dossier.ProcedureCode ?? "", dossier.ProcedureName, dossier.EmployerCode, dossier.IvanCode, dossier.IvanName, forms),
        };

        static void Add(List<SignerSummary> list, SignerSummary s)
        {
            if (!list.Any(x => x.ThumbprintSha256 == s.ThumbprintSha256)) list.Add(s);
        }
    }

    private static SignerSummary Summary(SignerInfo s) =>
        new(s.Subject, s.Issuer, s.SerialNumber, s.Thumbprint, s.ThumbprintSha256, s.NotBefore, s.NotAfter, s.Mst, s.SignatureAlgorithm ?? "");
}
