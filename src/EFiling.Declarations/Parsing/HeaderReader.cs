using System.Globalization;
using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Parsing;

/// <summary>Reads the typed header from the signed part, at the paths the catalogue gives for the family.</summary>
public static class HeaderReader
{
    public static DeclarationHeader? Read(FamilyDefinition family, FormDefinition form, XmlElement signedPart, List<Finding> findings)
    {
        string? Field(string name) => LocalPath.Text(signedPart, family.FieldPath(name));
        string PathOf(string name) => LocalPath.Describe(signedPart) + "/" + family.FieldPath(name);
        void Reject(string code, string field, string message, string vi) =>
            findings.Add(new Finding(code, Severity.Reject, message, vi, Path: PathOf(field)));

        var ok = true;
        var mstText = Field("mst");
        if (!Mst.TryParse(mstText, out var mst))
        {
            Reject(Codes.HeaderMstInvalid, "mst", $"The taxpayer's tax code '{mstText}' is not a valid MST (10 digits with a correct check digit, optionally -NNN).",
                $"Mã số thuế '{mstText}' không hợp lệ.");
            ok = false;
        }

        var kindText = Field("periodKind");
        Period? period = null;
        if (!PeriodKindCodes.TryParse(kindText, out var kind))
        {
            Reject(Codes.HeaderPeriodInvalid, "periodKind", $"The period kind '{kindText}' is not M, Q, Y or D.", $"Loại kỳ kê khai '{kindText}' không hợp lệ.");
            ok = false;
        }
        else if (!form.AllowsPeriodKind(kind))
        {
            Reject(Codes.HeaderPeriodKindNotAllowed, "periodKind", $"Form {form.Code} is not filed per '{kindText}'; allowed: {string.Join(", ", form.PeriodKinds)}.",
                $"Tờ khai {form.Code} không kê khai theo kỳ '{kindText}'.");
            ok = false;
        }
        else
        {
            // An occurrence is identified by its date: kyKKhai may hold it, or only the from-date does.
            var periodText = Field("period");
            if (!Period.TryParse(kind, periodText, out period) && kind == PeriodKind.Occurrence)
                Period.TryParse(kind, Field("periodFrom"), out period);
            if (period is null)
            {
                Reject(Codes.HeaderPeriodInvalid, "period", $"The period '{periodText}' does not fit period kind '{kindText}'.",
                    $"Kỳ kê khai '{periodText}' không phù hợp với loại kỳ '{kindText}'.");
                ok = false;
            }
        }

        var filingKindText = Field("filingKind");
        FilingKind filingKind = default;
        if (filingKindText is "C") filingKind = FilingKind.Original;
        else if (filingKindText is "B") filingKind = FilingKind.Supplementary;
        else
        {
            Reject(Codes.HeaderFilingKindInvalid, "filingKind", $"The declaration kind '{filingKindText}' is neither C (original) nor B (supplementary).",
                $"Loại tờ khai '{filingKindText}' không hợp lệ.");
            ok = false;
        }

        var numberText = Field("amendmentNumber") ?? "0";
        if (!int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || (filingKind == FilingKind.Original && number != 0) || (filingKind == FilingKind.Supplementary && number < 1))
        {
            Reject(Codes.HeaderAmendmentNumber, "amendmentNumber",
                $"The supplementary number '{numberText}' does not fit the declaration kind: 0 for an original, 1, 2, … for a supplementary.",
                $"Số lần bổ sung '{numberText}' không phù hợp với loại tờ khai.");
            ok = false;
        }

        var office = Field("office");
        if (office is null)
        {
            Reject(Codes.HeaderOfficeMissing, "office", "The receiving office code is missing.", "Thiếu mã cơ quan nhận hồ sơ.");
            ok = false;
        }

        if (!ok) return null;
        return new DeclarationHeader
        {
            Family = family.Id,
            FormCode = form.Code,
            FormId = form.FormId,
            Mst = mst,
            TaxpayerName = Field("taxpayerName"),
            Period = period!.Value,
            Office = office!,
            OfficeName = Field("officeName"),
            FilingKind = filingKind,
            AmendmentNumber = number,
            SoftwareName = Field("softwareName"),
            SoftwareVersion = Field("softwareVersion"),
            Signer = Field("signer"),
            SignedOn = Field("signedOn"),
            AgentMst = Field("agentMst") is { Length: > 0 } agent ? agent.Trim() : null,
            EmployerCode = Field("employerCode"),
            SignedPartId = signedPart.GetAttribute("id") is { Length: > 0 } id ? id : null,
        };
    }
}
