#!/usr/bin/env bash
# Checks the schemas with xmllint: every example must validate against its schema (positive), and
# documents with unknown or misplaced content must be rejected (negative). Exits non-zero on any surprise.
# Usage: schemas/check.sh [-v]     (-v prints xmllint's messages)
set -u
cd "$(dirname "$0")"

verbose=0
[ "${1:-}" = "-v" ] && verbose=1

if ! command -v xmllint >/dev/null 2>&1; then
  echo "check.sh: xmllint not found (Debian/Ubuntu: apt-get install libxml2-utils)" >&2
  exit 2
fi

# CHECK_KEEP_DIR=dir keeps the generated documents there (e.g. to feed them to another validator).
if [ -n "${CHECK_KEEP_DIR:-}" ]; then
  tmp="$CHECK_KEEP_DIR"; mkdir -p "$tmp"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
fi
passed=0
failed=0

ok()   { passed=$((passed + 1)); [ $verbose = 1 ] && echo "ok   $1"; return 0; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

validate() { # schema file -> exit status of xmllint
  if [ $verbose = 1 ]; then
    xmllint --noout --nonet --schema "$1" "$2"
  else
    xmllint --noout --nonet --schema "$1" "$2" >/dev/null 2>&1
  fi
}

# pos NAME SCHEMA FILE: FILE must validate.
pos() {
  if validate "$2" "$3"; then ok "$1"; else fail "$1: $3 does not validate against $2"; fi
}

# neg NAME SCHEMA BASE SED-SCRIPT: BASE edited by SED-SCRIPT must NOT validate.
# The edit must change the document, otherwise the test itself is broken.
neg() {
  local out="$tmp/neg_$(echo "$1" | tr -c 'A-Za-z0-9._-' '_').xml"
  if ! sed -e "$4" "$3" > "$out"; then fail "$1: sed script failed (broken test)"; return; fi
  if cmp -s "$3" "$out"; then fail "$1: the edit did not change $3 (broken test)"; return; fi
  if validate "$2" "$out"; then fail "$1: accepted, should be rejected"; else ok "$1"; fi
}

# posedit NAME SCHEMA BASE SED-SCRIPT: BASE edited by SED-SCRIPT must still validate.
posedit() {
  local out="$tmp/pos_$(echo "$1" | tr -c 'A-Za-z0-9._-' '_').xml"
  if ! sed -e "$4" "$3" > "$out"; then fail "$1: sed script failed (broken test)"; return; fi
  if cmp -s "$3" "$out"; then fail "$1: the edit did not change $3 (broken test)"; return; fi
  if validate "$2" "$out"; then ok "$1"; else fail "$1: rejected, should be accepted"; fi
}

T=tax/01-GTGT.xsd
G=tax/examples/01-GTGT.valid.xml
SIG='<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>'

# ---------------------------------------------------------------- positive: every example
pos "01/GTGT example"                    tax/01-GTGT.xsd    tax/examples/01-GTGT.valid.xml
pos "01/GTGT BOM+CRLF, agent, empty leaves" tax/01-GTGT.xsd tax/examples/01-GTGT.bom-crlf-agent.valid.xml
pos "01/GTGT supplementary"              tax/01-GTGT.xsd    tax/examples/01-GTGT.supplementary.valid.xml
pos "03/TNDN example"                    tax/03-TNDN.xsd    tax/examples/03-TNDN.valid.xml
pos "05/KK-TNCN example"                 tax/05-KK-TNCN.xsd tax/examples/05-KK-TNCN.valid.xml
pos "TK3-TS example"                     social-insurance/TK3-TS.xsd social-insurance/examples/TK3-TS.valid.xml
pos "D02-LT example"                     social-insurance/D02-LT.xsd social-insurance/examples/D02-LT.valid.xml
pos "receipt example"                    notifications/receipt.xsd notifications/examples/receipt.valid.xml
pos "notice example (rejected)"          notifications/notice.xsd  notifications/examples/notice.valid.xml
pos "notice example (accepted)"          notifications/notice.xsd  notifications/examples/notice.accepted.valid.xml
pos "receipt, tax authority's shape"     notifications/tbaothue.xsd notifications/examples/tbaothue.receipt.valid.xml
pos "notice, tax authority's shape"      notifications/tbaothue.xsd notifications/examples/tbaothue.notice.valid.xml
pos "payment notice example"             payments/payment-notice.xsd payments/examples/payment-notice.valid.xml
pos "I-VAN dossier example"              social-insurance/ivan/Hoso.xsd   social-insurance/ivan/examples/Hoso.valid.xml
pos "I-VAN D02-LT example"               social-insurance/ivan/D02-LT.xsd social-insurance/ivan/examples/D02-LT.valid.xml
pos "I-VAN TK1-TS example"               social-insurance/ivan/TK1-TS.xsd social-insurance/ivan/examples/TK1-TS.valid.xml
pos "I-VAN TK3-TS example"               social-insurance/ivan/TK3-TS.xsd social-insurance/ivan/examples/TK3-TS.valid.xml

# every example file in examples/ folders is covered above
for f in */examples/*.xml */*/examples/*.xml; do
  case "$f" in
    tax/examples/01-GTGT.valid.xml|tax/examples/01-GTGT.bom-crlf-agent.valid.xml|tax/examples/01-GTGT.supplementary.valid.xml|\
    tax/examples/03-TNDN.valid.xml|tax/examples/05-KK-TNCN.valid.xml|\
    social-insurance/examples/TK3-TS.valid.xml|social-insurance/examples/D02-LT.valid.xml|\
    notifications/examples/receipt.valid.xml|notifications/examples/notice.valid.xml|notifications/examples/notice.accepted.valid.xml|\
    notifications/examples/tbaothue.receipt.valid.xml|notifications/examples/tbaothue.notice.valid.xml|\
    payments/examples/payment-notice.valid.xml) ;;
    social-insurance/ivan/examples/Hoso.valid.xml|social-insurance/ivan/examples/D02-LT.valid.xml|\
    social-insurance/ivan/examples/TK1-TS.valid.xml|social-insurance/ivan/examples/TK3-TS.valid.xml) ;;
    *) fail "example $f is not checked by check.sh" ;;
  esac
done

# ---------------------------------------------------------------- positive: tolerated variants
posedit "optional blocks left out (TTinDVu, GiaHan, Header, PLuc)" $T $G \
  '/<TTinDVu>/,/<\/TTinDVu>/d; /<GiaHan>/,/<\/GiaHan>/d; /<Header>/,/<\/Header>/d; /<PLuc>/,/<\/PLuc>/d'
posedit "empty optional figure <ct37/>"          $T $G 's#<ct37>0</ct37>#<ct37/>#'
posedit "negative money"                         $T $G 's#<ct37>0</ct37>#<ct37>-1500000</ct37>#'
posedit "branch MST 10+3 digits"                 $T $G 's#<mst>0102345677</mst>#<mst>0102345677-001</mst>#'
posedit "signature with ds: prefix and children" $T $G \
  's#<Signature xmlns="http://www.w3.org/2000/09/xmldsig\#"/>#<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig\#"><ds:SignedInfo/></ds:Signature>#'
posedit "whitespace-only optional figure <ct37> </ct37>" $T $G 's#<ct37>0</ct37>#<ct37> </ct37>#'
posedit "values padded with whitespace"         $T $G 's#<mst>0102345677</mst>#<mst> 0102345677 </mst>#; s#<ct38>0</ct38>#<ct38> 0 </ct38>#'
posedit "D02-LT whitespace-only soDinhDanh"     social-insurance/D02-LT.xsd social-insurance/examples/D02-LT.valid.xml 's#<soDinhDanh>001090012345</soDinhDanh>#<soDinhDanh> </soDinhDanh>#'
posedit "D02-LT 9-digit maSoBHXH passes the XSD (rule BHXH-SO-FORMAT reports it)" \
  social-insurance/D02-LT.xsd social-insurance/examples/D02-LT.valid.xml 's#<maSoBHXH>0198765432</maSoBHXH>#<maSoBHXH>019876543</maSoBHXH>#'
posedit "D02-LT duplicate employee passes the XSD (rule BHXH-DUPLICATE reports it)" \
  social-insurance/D02-LT.xsd social-insurance/examples/D02-LT.valid.xml 's#<maSoBHXH>0134567890</maSoBHXH>#<maSoBHXH>0123456789</maSoBHXH>#'

# ---------------------------------------------------------------- negative: tax 01/GTGT
neg "unknown element in TTinDVu"            $T $G 's#<pbanDVu>5.4.6</pbanDVu>#&<ghiChu>x</ghiChu>#'
neg "unknown element in TKhaiThue"          $T $G 's#<nganhNgheKD/>#&<extra>x</extra>#'
neg "unknown element in NNT"                $T $G 's#<emailNNT>ketoan@hoabinhtm.vn</emailNNT>#&<website>x</website>#'
neg "unknown element after NNT"             $T $G 's#</NNT>#&<Khac/>#'
neg "unknown element in TTinChung"          $T $G 's#</TTinTKhaiThue>#&<Khac/>#'
neg "foreign-namespace element in header"   $T $G 's#</NNT>#&<x:Khac xmlns:x="urn:other"/>#'
neg "XMLDSig element hidden in header"      $T $G "s|</NNT>|&${SIG}|"
neg "unknown element in the figures"        $T $G 's#<ct43>0</ct43>#&<ct44>0</ct44>#'
neg "unknown element in a figure group"     $T $G 's#<ct33>86000000</ct33>#&<ct33b>0</ct33b>#'
posedit "ct21 as true (HTKK 5.x)"           $T $G 's#<ct21>0</ct21>#<ct21>true</ct21>#'
posedit "ct21 as false (eTax portal)"       $T $G 's#<ct21>0</ct21>#<ct21>false</ct21>#'
neg "ct21 as yes"                           $T $G 's#<ct21>0</ct21>#<ct21>yes</ct21>#'
neg "ct21 as 2"                             $T $G 's#<ct21>0</ct21>#<ct21>2</ct21>#'
posedit "ngayLapTKhai as dd/MM/yyyy (eTax portal)" $T $G 's#<ngayLapTKhai>2025-10-20</ngayLapTKhai>#<ngayLapTKhai>20/10/2025</ngayLapTKhai>#'
neg "ngayLapTKhai as yyyy/MM/dd"            $T $G 's#<ngayLapTKhai>2025-10-20</ngayLapTKhai>#<ngayLapTKhai>2025/10/20</ngayLapTKhai>#'
neg "figures out of order"                  $T $G 's#<ct21>0</ct21>##; s#<ct22>2000000</ct22>#&<ct21>0</ct21>#'
neg "required figure missing (ct40)"        $T $G 's#<ct40>5500000</ct40>##'
neg "text hidden in the figures (mixed)"    $T $G 's#<ct21>0</ct21>#hidden text&#'
neg "unknown attribute on a figure"         $T $G 's#<ct22>#<ct22 note="x">#'
neg "unknown element in an appendix row"    $T $G 's#<stt>1</stt>#&<hidden>x</hidden>#'
neg "unknown element in PLuc"               $T $G 's#</PL01_1_GTGT>#&<PL99/>#'
neg "unknown element in appendix totals"    $T $G 's#<tongThue>88000000</tongThue>#&<tongKhac>0</tongKhac>#'
neg "unknown element in HSoKhaiThue"        $T $G 's#</PLuc>#&<Khac/>#'
neg "unknown element between signed part and CKyDTu" $T $G 's#</HSoKhaiThue>#&<Khac/>#'
neg "unknown element after CKyDTu"          $T $G 's#</CKyDTu>#&<Khac/>#'
neg "unknown attribute on HSoKhaiThue"      $T $G 's#<HSoKhaiThue id="ID_1">#<HSoKhaiThue id="ID_1" foo="1">#'
neg "unknown attribute on the root"         $T $G 's#<HSoThueDTu #<HSoThueDTu foo="1" #'
neg "missing id on HSoKhaiThue"             $T $G 's#<HSoKhaiThue id="ID_1">#<HSoKhaiThue>#'
neg "CKyDTu empty"                          $T $G "s|${SIG}||"
posedit "CKyDTu with two signatures (HTKK re-signs; the verifier reads them)" $T $G "s|${SIG}|&${SIG}|"
neg "CKyDTu with nine signatures"           $T $G "s|${SIG}|&${SIG}${SIG}${SIG}${SIG}${SIG}${SIG}${SIG}${SIG}|"
neg "CKyDTu with a non-XMLDSig element"     $T $G 's#<Signature xmlns="http://www.w3.org/2000/09/xmldsig\#"/>#<Signature/>#'
neg "CKyDTu with signature + foreign element" $T $G "s|${SIG}|&<x:Khac xmlns:x=\"urn:other\"/>|"
neg "CKyDTu with text"                      $T $G "s|${SIG}|&text|"
neg "CKyDTu missing"                        $T $G '/<CKyDTu>/,/<\/CKyDTu>/d'
neg "wrong namespace"                       $T $G 's#http://kekhaithue.gdt.gov.vn/TKhaiThue#urn:other#'
neg "MST of 9 digits"                       $T $G 's#<mst>0102345677</mst>#<mst>010234567</mst>#'
neg "money with separators"                 $T $G 's#<ct22>2000000</ct22>#<ct22>2.000.000</ct22>#'
neg "money with decimals"                   $T $G 's#<ct22>2000000</ct22>#<ct22>2000000.5</ct22>#'
neg "loaiTKhai not C or B"                  $T $G 's#<loaiTKhai>C</loaiTKhai>#<loaiTKhai>X</loaiTKhai>#'
neg "kieuKy not M/Q/Y/D"                    $T $G 's#<kieuKy>Q</kieuKy>#<kieuKy>W</kieuKy>#'
neg "bad date dd/MM/yyyy"                   $T $G 's#<kyKKhaiTuNgay>01/07/2025</kyKKhaiTuNgay>#<kyKKhaiTuNgay>32/07/2025</kyKKhaiTuNgay>#'
neg "bad ISO date"                          $T $G 's#<ngayLapTKhai>2025-10-20</ngayLapTKhai>#<ngayLapTKhai>2025-02-30</ngayLapTKhai>#'
neg "unknown VAT rate in appendix"          $T $G '0,/<thueSuat>10<\/thueSuat>/s##<thueSuat>12</thueSuat>#'

# ---------------------------------------------------------------- negative: 03/TNDN, 05/KK-TNCN, agent block
neg "03/TNDN unknown figure"                tax/03-TNDN.xsd tax/examples/03-TNDN.valid.xml 's#<ctI>-2000000</ctI>#&<ctK>0</ctK>#'
neg "03/TNDN unknown element in 03-1A"      tax/03-TNDN.xsd tax/examples/03-TNDN.valid.xml 's#<ct19>800000000</ct19>#&<ct20>0</ct20>#'
neg "03/TNDN unknown element in Header"     tax/03-TNDN.xsd tax/examples/03-TNDN.valid.xml 's#<ct05>100</ct05>#&<ct06>x</ct06>#'
neg "05/KK-TNCN unknown figure"             tax/05-KK-TNCN.xsd tax/examples/05-KK-TNCN.valid.xml 's#<ct35>8000000</ct35>#&<ct37>0</ct37>#'
neg "05/KK-TNCN content in PLuc"            tax/05-KK-TNCN.xsd tax/examples/05-KK-TNCN.valid.xml 's#<PLuc/>#<PLuc><BangKe/></PLuc>#'
posedit "05/KK-TNCN PLuc holding only whitespace" tax/05-KK-TNCN.xsd tax/examples/05-KK-TNCN.valid.xml 's#<PLuc/>#<PLuc>  </PLuc>#'
neg "05/KK-TNCN attribute on PLuc"          tax/05-KK-TNCN.xsd tax/examples/05-KK-TNCN.valid.xml 's#<PLuc/>#<PLuc id="x"/>#'
neg "05/KK-TNCN text in PLuc"               tax/05-KK-TNCN.xsd tax/examples/05-KK-TNCN.valid.xml 's#<PLuc/>#<PLuc>x</PLuc>#'
neg "01/GTGT figures under the 05/KK-TNCN schema" tax/05-KK-TNCN.xsd $G 's#<maTKhai>842</maTKhai>#<maTKhai>953</maTKhai>#'
A=tax/examples/01-GTGT.bom-crlf-agent.valid.xml
neg "unknown element in DLyThue (CRLF file)" $T $A 's#<soHDongDLyThue>#<ghiChuDLy/>&#'
neg "unknown element in NVienDLy (CRLF file)" $T $A 's#<cchiHNghe>#<soDienThoai/>&#'

# ---------------------------------------------------------------- negative: social insurance
S=social-insurance/D02-LT.xsd
D=social-insurance/examples/D02-LT.valid.xml
neg "D02-LT unknown element in TTinToKhai"  $S $D 's#<ngayKy>2025-12-10</ngayKy>#&<ghiChu/>#'
neg "D02-LT unknown element in DonVi"       $S $D 's#<email>nhansu@saomaisoft.vn</email>#&<website/>#'
neg "D02-LT unknown element in a row"       $S $D 's#<chucVu>Kỹ sư phần mềm</chucVu>#&<luongThucNhan>1</luongThucNhan>#'
neg "D02-LT unknown element in DanhSach"    $S $D 's#</DanhSach>#<Ghi/>&#'
neg "D02-LT unknown element in TongCong"    $S $D 's#<tongPhuCap>3000000</tongPhuCap>#&<tongKhac>0</tongKhac>#'
neg "D02-LT unknown element in NoiDung"     $S $D 's#</TongCong>#&<Khac/>#'
neg "D02-LT unknown element at top level"   $S $D 's#</HSoKhaiBHXH>#&<Khac/>#'
neg "D02-LT two signatures"                 $S $D "s|${SIG}|&${SIG}|"
neg "D02-LT empty list"                     $S $D '/<DanhSach>/,/<\/DanhSach>/c\      <DanhSach/>'
neg "D02-LT negative salary"                $S $D 's#<mucLuong>9000000</mucLuong>#<mucLuong>-9000000</mucLuong>#'
neg "D02-LT bad month"                      $S $D '0,/<tuThang>12\/2025<\/tuThang>/s##<tuThang>13/2025</tuThang>#'
R=social-insurance/TK3-TS.xsd
K=social-insurance/examples/TK3-TS.valid.xml
neg "TK3-TS unknown element in NoiDung"     $R $K 's#<vungLuongToiThieu>1</vungLuongToiThieu>#&<vung2>1</vung2>#'
neg "TK3-TS unknown element in NguoiLienHe" $R $K 's#<chucVu>#<gioiTinh/>&#'
neg "TK3-TS region 5"                       $R $K 's#<vungLuongToiThieu>1</vungLuongToiThieu>#<vungLuongToiThieu>5</vungLuongToiThieu>#'
neg "TK3-TS unknown element after CKyDTu"   $R $K 's#</CKyDTu>#&<Khac/>#'

# ---------------------------------------------------------------- I-VAN dossier and the forms it carries (no namespace)
H=social-insurance/ivan/Hoso.xsd
HE=social-insurance/ivan/examples/Hoso.valid.xml
neg "Hoso unknown element in ThongTinDonVi" $H $HE 's#<CoQuanQuanLy>KV01</CoQuanQuanLy>#&<Email/>#'
neg "Hoso ThongTinDonVi out of order"       $H $HE 's#<LoaiDoiTuong>1</LoaiDoiTuong>##; s#<NguoiKy>#<LoaiDoiTuong>1</LoaiDoiTuong>&#'
neg "Hoso element inside a file's content"   $H $HE '0,/<NoiDungFile>PEQwMi1MVC8+/s##<NoiDungFile><x/>PEQwMi1MVC8+#'
neg "Hoso FileToKhai without content"       $H $HE '0,/<NoiDungFile>PEQwMi1MVC8+<\/NoiDungFile>/s###'
neg "Hoso month 13"                         $H $HE 's#<KyKeKhai>12/2025</KyKeKhai>#<KyKeKhai>13/2025</KyKeKhai>#'
neg "Hoso date as yyyy-MM-dd"               $H $HE 's#<NgayLap>10/12/2025</NgayLap>#<NgayLap>2025-12-10</NgayLap>#'
neg "Hoso MST of 9 digits"                  $H $HE 's#<MaSoThue>0108889994</MaSoThue>#<MaSoThue>010888999</MaSoThue>#'
neg "Hoso procedure code with spaces"       $H $HE 's#<MaThuTuc>600</MaThuTuc>#<MaThuTuc>600 a</MaThuTuc>#'
neg "Hoso negative file length"             $H $HE '0,/<DoDaiFile>12<\/DoDaiFile>/s##<DoDaiFile>-12</DoDaiFile>#'
neg "Hoso two signatures in CKy_Dvi"        $H $HE "s|${SIG}|&${SIG}|"
neg "Hoso in a namespace"                   $H $HE 's#<Hoso #<Hoso xmlns="urn:other" #'
posedit "Hoso unsigned (CKy_Dvi left out: the verifier says SIG_MISSING)" $H $HE '/<CKy_Dvi>/,/<\/CKy_Dvi>/d'
I=social-insurance/ivan/D02-LT.xsd
IE=social-insurance/ivan/examples/D02-LT.valid.xml
posedit "D02-LT as D02-TS (the name public client code writes)" $I $IE 's#<D02-LT #<D02-TS #; s#</D02-LT>#</D02-TS>#'
posedit "D02-LT empty social-insurance number (a new employee)" $I $IE 's#<MasoBHXH>0198765432</MasoBHXH>#<MasoBHXH />#'
neg "D02-LT unknown column"                 $I $IE 's#<PA>GH</PA>#&<LuongMoi>1</LuongMoi>#'
neg "D02-LT row without first month"        $I $IE 's#<TuThang>12/2025</TuThang>##'
neg "D02-LT negative salary"                $I $IE 's#<TienLuong>9000000</TienLuong>#<TienLuong>-9000000</TienLuong>#'
neg "D02-LT lower-case plan code"           $I $IE 's#<PA>GH</PA>#<PA>gh</PA>#'
neg "D02-LT unknown root"                   $I $IE 's#<D02-LT #<D03-TS #; s#</D02-LT>#</D03-TS>#'
neg "D02-LT element after Cky"              $I $IE 's#</Cky>#&<Khac/>#'
neg "TK1-TS unknown column"                 social-insurance/ivan/TK1-TS.xsd social-insurance/ivan/examples/TK1-TS.valid.xml 's#<CCNS>0</CCNS>#&<Khac/>#'
neg "TK1-TS person without a name"          social-insurance/ivan/TK1-TS.xsd social-insurance/ivan/examples/TK1-TS.valid.xml '0,/<HoTen>Nguyễn Văn An<\/HoTen>/s###'
neg "TK3-TS payment every 2 months"         social-insurance/ivan/TK3-TS.xsd social-insurance/ivan/examples/TK3-TS.valid.xml 's#<PhuongThucDong>1</PhuongThucDong>#<PhuongThucDong>2</PhuongThucDong>#'
neg "TK3-TS unknown element"                social-insurance/ivan/TK3-TS.xsd social-insurance/ivan/examples/TK3-TS.valid.xml 's#<HoSoKemTheo />#&<Khac/>#'

# ---------------------------------------------------------------- negative: notifications
N=notifications/receipt.xsd
E=notifications/examples/receipt.valid.xml
neg "receipt unknown element in NoiDung"    $N $E 's#<maCQ>10100</maCQ>#&<khac/>#'
neg "receipt unknown element at top level"  $N $E 's#</NoiDung>#&<Khac/>#'
neg "receipt upper-case SHA-256"            $N $E 's#<sha256>e1866424#<sha256>E1866424#'
neg "receipt SHA-256 too short"             $N $E 's#<sha256>e1866424#<sha256>#'
neg "receipt UTC time without Z"            $N $E 's#<thoiDiemNhanUtc>2025-10-20T03:15:42Z#<thoiDiemNhanUtc>2025-10-20T03:15:42#'
neg "receipt Vietnam time without offset"   $N $E 's#<thoiDiemNhan>2025-10-20T10:15:42+07:00#<thoiDiemNhan>2025-10-20T10:15:42#'
neg "receipt missing id"                    $N $E 's#<NoiDung id="TB_TIEPNHAN">#<NoiDung>#'
neg "receipt without signature"             $N $E "s|${SIG}||"
HOSO='<HoSo><maThuTuc>600</maThuTuc><maDonVi>TA1234A</maDonVi><ToKhai><maToKhai>D02-LT</maToKhai><tenFile>D02-LT.xml</tenFile><sha256>e18664249ddd2a9b0ed04ddc6ec5e0a4f6b3d1a4d7f7b0b21e4c9e37c2f8a1b3</sha256></ToKhai></HoSo>'
posedit "receipt of a dossier (HoSo after the office)" $N $E "s|</tenCQ>|&${HOSO}|"
neg "receipt of a dossier without forms"    $N $E 's|</tenCQ>|&<HoSo><maThuTuc>600</maThuTuc></HoSo>|'

O=notifications/notice.xsd
P=notifications/examples/notice.valid.xml
neg "notice unknown decision"               $O $P 's#<ketQua>Rejected</ketQua>#<ketQua>Maybe</ketQua>#'
neg "notice unknown severity"               $O $P '0,/<mucDo>reject<\/mucDo>/s##<mucDo>error</mucDo>#'
neg "notice unknown element in a finding"   $O $P '0,/<ma>BHXH-SO-FORMAT<\/ma>/s##&<duongDan>x</duongDan>#'
neg "notice lower-case finding code"        $O $P 's#<ma>BHXH-SO-FORMAT</ma>#<ma>bhxh-so-format</ma>#'
neg "notice decided-at without offset"      $O $P 's#2026-01-05T14:02:10+07:00#2026-01-05T14:02:10#'
neg "notice unknown element at top level"   $O $P 's#</CKyDTu>#&<Khac/>#'
B=notifications/tbaothue.xsd
BR=notifications/examples/tbaothue.receipt.valid.xml
neg "tax-authority shape: unknown notice code" $B $BR 's#<maTBao>843</maTBao>#<maTBao>999</maTBao>#'
neg "tax-authority shape: status other than Y/N" $B $BR 's#<trangThai>Y</trangThai>#<trangThai>X</trangThai>#'
neg "tax-authority shape: missing Id"        $B $BR 's#<TBaoThue Id="_NODE_TO_SIGN">#<TBaoThue>#'
neg "tax-authority shape: time without +07:00" $B $BR 's#2025-10-20T10:15:42.000+07:00#2025-10-20T10:15:42.000Z#'
neg "tax-authority shape: no EFiling facts"  $B $BR '/<TTinEFiling/,/<\/TTinEFiling>/d'
neg "tax-authority shape: unknown element"   $B $BR 's#</maGiaoDichDTu>#&<khac/>#'
neg "tax-authority shape: without signature" $B $BR "s|${SIG}||"

# ---------------------------------------------------------------- payment notice
PN=payments/payment-notice.xsd; PE=payments/examples/payment-notice.valid.xml
neg "payment unknown channel"               $PN $PE 's#<kenhNop>electronic</kenhNop>#<kenhNop>cash</kenhNop>#'
neg "payment amount zero"                   $PN $PE 's#<soTien>15000000</soTien>#<soTien>0</soTien>#'
neg "payment unknown element"               $PN $PE 's#</nganHang>#&<khac/>#'

# ---------------------------------------------------------------- data files are well-formed JSON (if jq is present)
if command -v jq >/dev/null 2>&1; then
  for j in catalogue.json holidays.json indicators.json rules/*.rules.json rules/*/*.rules.json; do
    if jq empty "$j" 2>/dev/null; then ok "JSON $j"; else fail "JSON $j is not well-formed"; fi
  done
  for p in $(jq -r '.forms[] | .schema, .rules' catalogue.json) $(jq -r '.dossiers[] | .schema, (.forms[] | .schema, .rules)' catalogue.json); do
    if [ -f "$p" ]; then ok "catalogue path $p"; else fail "catalogue points at missing file $p"; fi
  done
else
  echo "note: jq not found, JSON checks skipped"
fi

echo "schemas: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
