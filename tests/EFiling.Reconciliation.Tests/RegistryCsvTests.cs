using EFiling.Registry;

namespace EFiling.Reconciliation.Tests;

public sealed class RegistryCsvTests
{
    [Fact]
    public void Taxpayers_are_read_with_quoted_names_statuses_and_certificates()
    {
        var file = RegistryCsv.Read(new StringReader(
            "mst,name,office,status,certificates\n" +
            "0100109106,\"CÔNG TY TNHH ABC, HÀ NỘI\",10100,active,c9f18701441126b9973dc666de309f71fe5c1896\n" +
            "0101601092,CÔNG TY CỔ PHẦN XYZ,10101,suspended,\n"));
        Assert.Empty(file.Errors);
        Assert.Equal(RegistryKind.Taxpayers, file.Kind);
        Assert.Equal("CÔNG TY TNHH ABC, HÀ NỘI", file.Taxpayers[0].Name);
        Assert.Equal(["C9F18701441126B9973DC666DE309F71FE5C1896"], file.Taxpayers[0].CertificateThumbprints);
        Assert.Equal(TaxpayerStatus.Suspended, file.Taxpayers[1].Status);
        Assert.Empty(file.Taxpayers[1].CertificateThumbprints);
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_code_and_line()
    {
        var file = RegistryCsv.Read(new StringReader(
            "mst,name,office,status,certificates\n" +
            "0100109107,A,10100,active,\n" +         // wrong check digit
            "0101601092,B,10100,sleeping,\n" +       // unknown status
            "0312345673,C,10100,active,ABC\n" +      // not a thumbprint
            "0101601092,D,,active,\n" +              // office missing
            "0100109106,E,10100,,\n0100109106,F,10100,,\n")); // duplicate
        Assert.Equal(
            [("REG_MST_INVALID", 2), ("REG_STATUS_INVALID", 3), ("REG_THUMBPRINT_INVALID", 4), ("REG_FIELD_MISSING", 5), ("REG_DUPLICATE", 7)],
            file.Errors.Select(e => (e.Code, e.Line)));
    }

    [Fact]
    public void The_kind_comes_from_the_header_and_an_unknown_header_is_refused()
    {
        Assert.Equal(RegistryKind.Employers, RegistryCsv.Read(new StringReader("unitCode,mst,name,office\nTA1234A,0100109106,ABC,KV01\n")).Kind);
        Assert.Equal(RegistryKind.Offices, RegistryCsv.Read(new StringReader("code,name,province\n10100,Thuế Hà Nội,101\n")).Kind);
        Assert.Equal("REG_UNKNOWN_FORMAT", Assert.Single(RegistryCsv.Read(new StringReader("a,b\n1,2\n")).Errors).Code);
    }

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        var rows = new[] { new TaxpayerRecord("0100109106", "A, \"B\"", "10100", TaxpayerStatus.Closed, ["C9F18701441126B9973DC666DE309F71FE5C1896", "AEB0C021A88DB857E8AF9433E97FF8BCA09D2A02"]) };
        var text = new StringWriter();
        RegistryCsv.WriteTaxpayers(text, rows);
        var back = RegistryCsv.Read(new StringReader(text.ToString()));
        Assert.Empty(back.Errors);
        Assert.Equal(rows[0].Name, back.Taxpayers[0].Name);
        Assert.Equal(rows[0].CertificateThumbprints, back.Taxpayers[0].CertificateThumbprints);
        Assert.Equal(TaxpayerStatus.Closed, back.Taxpayers[0].Status);
    }

    [Fact]
    public void Agent_engagements_are_read_with_open_and_closed_periods()
    {
        var file = RegistryCsv.Read(new StringReader(
            "agentMst,agentName,clientMst,from,to,contract\n" +
            "0317778889,\"ĐẠI LÝ THUẾ TÍN VIỆT, TP.HCM\",0100109106,2025-01-02,,15/2025/HĐDV-TV\n" +
            "0317778889,ĐẠI LÝ THUẾ TÍN VIỆT,0100109106-001,2024-01-01,2024-12-31,\n" +
            // the same pair again after the first one ended: a new engagement, not an overlap
            "0108889994,MINH AN,0101601092,2024-01-01,2024-06-30,A\n0108889994,MINH AN,0101601092,2024-07-01,,B\n"));
        Assert.Empty(file.Errors);
        Assert.Equal(RegistryKind.Agents, file.Kind);
        Assert.Equal(4, file.Count);
        var open = file.Engagements[0];
        Assert.Equal(("0317778889", "0100109106", new DateOnly(2025, 1, 2), (DateOnly?)null, "15/2025/HĐDV-TV"), (open.AgentMst, open.ClientMst, open.From, open.To, open.Contract));
        Assert.True(open.Covers(new DateOnly(2030, 1, 1)));
        Assert.False(open.Covers(new DateOnly(2025, 1, 1)));
        Assert.True(file.Engagements[1].Covers(new DateOnly(2024, 12, 31)));
        Assert.False(file.Engagements[1].Covers(new DateOnly(2025, 1, 1)));
    }

    [Fact]
    public void Every_bad_agent_row_is_reported_with_its_code_and_line()
    {
        var file = RegistryCsv.Read(new StringReader(
            "agentMst,agentName,clientMst,from,to,contract\n" +
            "0317778880,A,0100109106,2025-01-01,,\n" +          // 2: agent MST check digit
            "0317778889,A,0100109106,01/02/2025,,\n" +          // 3: not an ISO date
            "0317778889,A,0100109106,2025-03-01,2025-02-28,\n" + // 4: ends before it starts
            "0317778889,A,0317778889,2025-01-01,,\n" +          // 5: its own client
            "0317778889,A,,2025-01-01,,\n" +                    // 6: client missing
            "0317778889,A,0101601092,2025-01-01,2025-06-30,\n" +
            "0317778889,A,0101601092,2025-01-01,,\n" +          // 8: same agent, client and start
            "0317778889,A,0101601092,2025-06-30,,\n" +          // 9: overlaps line 7 on 2025-06-30
            "0108889994,B,0101601092,2025-03-01,,\n"));         // another agent at the same time: allowed
        Assert.Equal(
            [("REG_MST_INVALID", 2), ("REG_DATE_INVALID", 3), ("REG_PERIOD_INVALID", 4), ("REG_AGENT_IS_CLIENT", 5), ("REG_FIELD_MISSING", 6),
             ("REG_DUPLICATE", 8), ("REG_ENGAGEMENT_OVERLAP", 9)],
            file.Errors.Select(e => (e.Code, e.Line)));
        Assert.Contains("line 7", file.Errors[^1].Message);
    }

    [Fact]
    public void Agent_engagements_written_read_back_the_same()
    {
        var rows = new[]
        {
            new AgentEngagementRecord("0317778889", "ĐẠI LÝ, \"TÍN VIỆT\"", "0100109106", new DateOnly(2025, 1, 2), null, "15/2025"),
            new AgentEngagementRecord("0317778889", "", "0101601092", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), ""),
        };
        var text = new StringWriter();
        RegistryCsv.WriteEngagements(text, rows);
        var back = RegistryCsv.Read(new StringReader(text.ToString()));
        Assert.Empty(back.Errors);
        Assert.Equal(rows, back.Engagements);
    }
}
