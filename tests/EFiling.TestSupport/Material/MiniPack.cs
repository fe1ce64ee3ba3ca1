using System.Text;

namespace EFiling.Tests.Shared;

/// <summary>
/// A miniature of the tax authority's schema packs, written by tests into a temporary folder: a base TKhaiThue.xsd
/// with the real root, the redefinable CTieuTKhaiChinhType and the xmldsig import, form schemas that redefine it, and
/// a declaration to check against them. Invented content only: the real packs stay in ../shared/real-world/.
/// </summary>
public static class MiniPack
{
    public const string Ns = "http://kekhaithue.gdt.gov.vn/TKhaiThue";

    /// <summary>One complete pack in <paramref name="folder"/>: base, xmldsig, a menu mapping 842 to 01_GTGT_TT80, version 2.7.4 (ct01, ct02).</summary>
    public static string Create(string folder)
    {
        Write(folder, "TKhaiThue.xsd", BaseSchema);
        Write(folder, "xmldsig-core-schema.xsd", DsigStub);
        Write(folder, "Project_Menu.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Root><Menu ID="D1" Caption="Tờ khai thuế GTGT (01/GTGT)(TT80/2021)" MaToKhai="842" XsdSchema="01_GTGT_TT80"/></Root>
            """);
        Write(folder, "Validate/01_GTGT_TT80_274.xsd", FormSchema("../TKhaiThue.xsd", "ct01", "ct02"));
        return folder;
    }

    public static void Write(string folder, string relative, string text)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    public static byte[] Document(string formId, string version, string figures) => Encoding.UTF8.GetBytes($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <HSoThueDTu xmlns="{Ns}">
          <HSoKhaiThue id="_NODE_TO_SIGN">
            <TTinChung>
              <TTinTKhaiThue>
                <TKhaiThue>
                  <maTKhai>{formId}</maTKhai>
                  <pbanTKhaiXML>{version}</pbanTKhaiXML>
                  <loaiTKhai>C</loaiTKhai>
                  <soLan>0</soLan>
                  <KyKKhaiThue><kieuKy>Q</kieuKy><kyKKhai>1/2025</kyKKhai></KyKKhaiThue>
                  <maCQTNoiNop>10100</maCQTNoiNop>
                </TKhaiThue>
                <NNT><mst>0102345677</mst></NNT>
              </TTinTKhaiThue>
            </TTinChung>
            <CTieuTKhaiChinh>{figures}</CTieuTKhaiChinh>
          </HSoKhaiThue>
        </HSoThueDTu>
        """);

    // A small stand-in for the official base: the same root, the redefinable CTieuTKhaiChinhType, the xmldsig import.
    public const string BaseSchema = $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{Ns}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
                   targetNamespace="{Ns}" elementFormDefault="qualified">
          <xs:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="xmldsig-core-schema.xsd"/>
          <xs:element name="HSoThueDTu">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="HSoKhaiThue">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="TTinChung"><xs:complexType><xs:sequence><xs:any processContents="skip" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
                      <xs:element name="CTieuTKhaiChinh" type="CTieuTKhaiChinhType"/>
                    </xs:sequence>
                    <xs:attribute name="id" type="xs:ID"/>
                  </xs:complexType>
                </xs:element>
                <xs:element name="CKyDTu" minOccurs="0"><xs:complexType><xs:sequence><xs:element ref="ds:Signature" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
          <xs:complexType name="CTieuTKhaiChinhType"><xs:sequence/></xs:complexType>
        </xs:schema>
        """;

    public const string DsigStub = """
        <?xml version="1.0" encoding="UTF-8"?>
        <schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/2000/09/xmldsig#" elementFormDefault="qualified">
          <element name="Signature"><complexType><sequence><any processContents="skip" maxOccurs="unbounded"/></sequence></complexType></element>
        </schema>
        """;

    public static string FormSchema(string location, params string[] figures) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{Ns}" targetNamespace="{Ns}" elementFormDefault="qualified">
          <xs:redefine schemaLocation="{location}">
            <xs:complexType name="CTieuTKhaiChinhType">
              <xs:complexContent>
                <xs:extension base="CTieuTKhaiChinhType">
                  <xs:sequence>{string.Concat(figures.Select(f => $"<xs:element name=\"{f}\" type=\"xs:integer\"/>"))}</xs:sequence>
                </xs:extension>
              </xs:complexContent>
            </xs:complexType>
          </xs:redefine>
        </xs:schema>
        """;
}
