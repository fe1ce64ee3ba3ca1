using System.Text.Json.Serialization;
using EFiling.Storage;

namespace EFiling.Receipts;

/// <summary>The receipt's facts as JSON (Accept: application/json): the same facts the signed XML states.</summary>
/// <param name="Id">The filing id (32 hex digits).</param>
/// <param name="TransactionCode">The electronic transaction code (mã giao dịch điện tử).</param>
/// <param name="ReceivedAtUtc">Receipt time, UTC (ISO 8601, milliseconds).</param>
/// <param name="ReceivedAtVietnam">The same instant in Vietnam time (UTC+07:00): the legal filing time.</param>
/// <param name="Sha256">SHA-256 of the exact submitted bytes, lower-case hex.</param>
/// <param name="Form">The form (e.g. 01/GTGT).</param>
/// <param name="FormCode">The form code as written in maTKhai.</param>
/// <param name="Mst">The taxpayer's tax code.</param>
/// <param name="PeriodKind">kieuKy: M, Q, Y or D.</param>
/// <param name="Period">The period as written (e.g. 10/2024).</param>
/// <param name="FilingKind">loaiTKhai: C original, B supplementary.</param>
/// <param name="AmendmentNumber">soLan: 0 for an original.</param>
/// <param name="Office">The receiving tax office's code.</param>
/// <param name="OfficeName">Its name, when the declaration gives it.</param>
/// <param name="Dossier">For an I-VAN dossier: its procedure, unit code and every form it carries (file name, SHA-256 of the
/// decoded form); absent for a single declaration.</param>
/// <param name="Test">True for a test filing (X-EFiling-Test): not a real filing; absent otherwise.</param>
/// <param name="TraceId">The correlation id of the request that answered (its X-Correlation-Id); absent inside a status.</param>
public sealed record ReceiptJson(
    string Id, string TransactionCode, string ReceivedAtUtc, string ReceivedAtVietnam, string Sha256,
    string Form, string FormCode, string Mst, string PeriodKind, string Period, string FilingKind, int AmendmentNumber,
    string Office, string? OfficeName, FilingDossier? Dossier = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Test = null)
{
    public static ReceiptJson From(FilingFacts f, string? traceId = null) => new(
        f.Id, f.TransactionCode, ReceiptDocument.Utc(f.ReceivedAtUtc), ReceiptDocument.Vietnam(f.ReceivedAtUtc), f.Sha256,
        f.Form, f.MaTKhai, f.Mst, f.PeriodKind, f.Period, f.FilingKind, f.AmendmentNumber, f.Office, f.OfficeName, f.Dossier, traceId, f.Test ? true : null);
}
