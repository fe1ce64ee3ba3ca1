using EFiling.Declarations.Identifiers;

namespace EFiling.Samples;

/// <summary>A generated declaration: its bytes, a file name, and what the service must answer.</summary>
public sealed record Sample(string FileName, byte[] Bytes, string FormCode, Mst Mst, Period Period, string Office, SampleDefect Defect, string? ExpectedCode);
