/* test-documents.c — every valid fixture parses into the normalized fields we expect. */
#include <string.h>

#include "cd-base64.h"
#include "cd-document.h"
#include "cd-moh-envelope.h"
#include "cd-population-request.h"
#include "test-util.h"

static CdDocument *
parse_fixture (const char     *name,
               CdDocumentKind  expected_kind)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents", name, NULL);
  g_autoptr(GError) error = NULL;
  CdDocument *document = cd_document_parse_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_assert_cmpint (cd_document_get_kind (document), ==, expected_kind);
  g_assert_cmpstr (cd_document_get_source (document), ==, name);
  return document;
}

static JsonObject *
record (JsonObject *content,
        guint       index)
{
  JsonArray *records = json_object_get_array_member (content, "records");

  g_assert_cmpuint (json_array_get_length (records), >, index);
  return json_array_get_object_element (records, index);
}

static const char *
str (JsonObject *object,
     const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_string_member (object, member);
}

static void
assert_strings (JsonObject  *object,
                const char  *member,
                const char **expected)
{
  JsonArray *array = json_object_get_array_member (object, member);
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (json_array_get_length (array), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, expected[i]);
}

static void
test_xml1 (void)
{
  g_autoptr(CdDocument) doc = parse_fixture ("xml1-sinh-con.xml", CD_DOCUMENT_KIND_MOH_XML1);
  JsonObject *content = cd_document_get_content (doc);
  JsonObject *r = record (content, 0);
  const char *cards[] = { "DN4797912345678", NULL };
  const char *extra[] = { "O80", "Z37.2", NULL };
  const char *procedures[] = { "74.1", NULL };

  g_assert_cmpstr (str (content, "table"), ==, "XML1");
  g_assert_cmpstr (str (r, "MA_LK"), ==, "79001.2025.000123");
  g_assert_cmpstr (str (r, "HO_TEN"), ==, "Nguyễn Thị Hoa");
  g_assert_cmpstr (str (r, "SO_CCCD"), ==, "079190012345");
  g_assert_cmpstr (str (r, "NGAY_SINH"), ==, "1990-05-12T00:00");
  g_assert_cmpstr (str (r, "GIOI_TINH"), ==, "female");
  g_assert_cmpstr (str (r, "MA_BENH_CHINH"), ==, "O84.2");
  g_assert_cmpstr (str (r, "NGAY_VAO"), ==, "2025-03-08T07:30");
  g_assert_cmpstr (str (r, "NGAY_RA"), ==, "2025-03-14T09:30");
  g_assert_cmpstr (str (r, "MA_LOAI_KCB"), ==, "03");
  g_assert_cmpstr (str (r, "MA_CSKCB"), ==, "79001");
  g_assert_cmpint (json_object_get_int_member (r, "KET_QUA_DTRI"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (r, "SO_NGAY_DTRI"), ==, 7);
  assert_strings (r, "MA_THE_BHYT", cards);
  assert_strings (r, "MA_BENH_KT", extra);
  assert_strings (r, "MA_PTTT_QT", procedures);  /* the trailing `;` adds nothing */
  /* CDATA reads as text; a self-closed optional element is simply absent. */
  g_assert_nonnull (strstr (str (r, "DIA_CHI"), "đường Lê Lợi"));
  g_assert_false (json_object_has_member (r, "NGAY_TTOAN"));
}

static void
test_xml1_fourteen_digit_dates (void)
{
  g_autoptr(CdDocument) doc = parse_fixture ("xml1-viem-phoi.xml", CD_DOCUMENT_KIND_MOH_XML1);
  JsonObject *r = record (cd_document_get_content (doc), 0);

  g_assert_cmpstr (str (r, "NGAY_RA"), ==, "2025-04-07T15:30:15");
  g_assert_cmpstr (str (r, "GIOI_TINH"), ==, "male");
  g_assert_false (json_object_has_member (r, "MA_BENH_KT"));
}

static void
test_xml7_xml8 (void)
{
  g_autoptr(CdDocument) d7 = parse_fixture ("xml7-giay-ra-vien.xml", CD_DOCUMENT_KIND_MOH_XML7);
  g_autoptr(CdDocument) d8 = parse_fixture ("xml8-tom-tat-benh-an.xml", CD_DOCUMENT_KIND_MOH_XML8);
  JsonObject *r7 = record (cd_document_get_content (d7), 0);
  JsonObject *r8 = record (cd_document_get_content (d8), 0);

  g_assert_cmpint (json_object_get_int_member (r7, "TUOI_THAI"), ==, 39);
  g_assert_false (json_object_get_boolean_member (r7, "MA_DINH_CHI_THAI"));
  g_assert_false (json_object_has_member (r7, "NGUYENNHAN_DINHCHI"));  /* empty element */
  g_assert_false (json_object_has_member (r7, "SO_NGAY_NGHI"));
  g_assert_cmpstr (str (r7, "NGAY_CT"), ==, "2025-03-14");
  g_assert_cmpstr (str (r7, "HO_TEN_CHA"), ==, "Lê Văn Dũng");

  g_assert_cmpstr (str (r8, "NGAY_SINHCON"), ==, "2025-03-08");
  g_assert_cmpint (json_object_get_int_member (r8, "SO_CONCHET"), ==, 0);
  g_assert_false (json_object_has_member (r8, "NGAY_CONCHET"));
  g_assert_cmpstr (str (r8, "DON_VI"), ==, "Công ty TNHH Dệt may Sài Gòn");
}

static void
test_xml9_twins_with_bom (void)
{
  g_autoptr(CdDocument) doc = parse_fixture ("xml9-giay-chung-sinh.xml", CD_DOCUMENT_KIND_MOH_XML9);
  JsonObject *content = cd_document_get_content (doc);
  JsonObject *first = record (content, 0);
  JsonObject *second = record (content, 1);
  JsonArray *weights = json_object_get_array_member (first, "CAN_NANG_CON");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (content, "records")), ==, 2);
  g_assert_cmpstr (str (first, "HO_TEN_CON"), ==, "Lê Minh An");
  g_assert_cmpstr (str (first, "GIOI_TINH_CON"), ==, "male");
  g_assert_cmpstr (str (second, "GIOI_TINH_CON"), ==, "female");
  g_assert_cmpstr (str (first, "NGAY_SINH_CON"), ==, "2025-03-08T09:15");
  g_assert_cmpuint (json_array_get_length (weights), ==, 2);
  g_assert_cmpfloat (json_array_get_double_element (weights, 0), ==, 2800.0);
  g_assert_cmpfloat (json_array_get_double_element (weights, 1), ==, 2650.0);
  g_assert_true (json_object_get_boolean_member (first, "SINHCON_PHAUTHUAT"));
  g_assert_false (json_object_get_boolean_member (first, "SINHCON_DUOI32TUAN"));
  g_assert_cmpint (json_object_get_int_member (first, "SO_CON"), ==, 2);
  g_assert_cmpstr (str (first, "MA_BHXH_NND"), ==, "7912345678");
}

static void
test_xml10_xml11_xml13 (void)
{
  g_autoptr(CdDocument) d10 = parse_fixture ("xml10-nghi-duong-thai.xml",
                                             CD_DOCUMENT_KIND_MOH_XML10);
  g_autoptr(CdDocument) d11 = parse_fixture ("xml11-nghi-viec-bhxh.xml",
                                             CD_DOCUMENT_KIND_MOH_XML11);
  g_autoptr(CdDocument) d13 = parse_fixture ("xml13-giay-chuyen-tuyen.xml",
                                             CD_DOCUMENT_KIND_MOH_XML13);
  JsonObject *r10 = record (cd_document_get_content (d10), 0);
  JsonObject *r11 = record (cd_document_get_content (d11), 0);
  JsonObject *r13 = record (cd_document_get_content (d13), 0);
  const char *cards[] = { "DN4010112233445", "HT3010112233445", NULL };

  g_assert_cmpint (json_object_get_int_member (r10, "SO_NGAY"), ==, 10);
  g_assert_cmpstr (str (r10, "TU_NGAY"), ==, "2025-01-10");
  g_assert_cmpstr (str (r10, "DEN_NGAY"), ==, "2025-01-19");

  g_assert_cmpstr (str (r11, "SO_SERI"), ==, "CT07-0001234");
  g_assert_cmpint (json_object_get_int_member (r11, "SO_NGAY_NGHI"), ==, 5);
  g_assert_cmpstr (str (r11, "MA_BHXH"), ==, "0112233445");
  g_assert_cmpstr (str (r11, "CHAN_DOAN_RV"), ==, "Viêm phổi do vi khuẩn, không đặc hiệu (J15.9)");
  g_assert_cmpstr (str (r11, "MAU_SO"), ==, "CT07");
  g_assert_false (json_object_has_member (r11, "TUOI_THAI"));
  g_assert_false (json_object_has_member (r11, "HO_TEN_ME"));

  assert_strings (r13, "MA_THE_BHYT", cards);
  g_assert_cmpstr (str (r13, "MA_NOI_DI"), ==, "01002");
  g_assert_cmpstr (str (r13, "MA_NOI_DEN"), ==, "01001");
  g_assert_cmpstr (str (r13, "MA_LYDO_CT"), ==, "1");
  g_assert_cmpstr (str (r13, "NGAY_SINH"), ==, "1985-11-20T00:00");
}

static void
test_xml12 (void)
{
  g_autoptr(CdDocument) doc = parse_fixture ("xml12-giam-dinh-y-khoa.xml",
                                             CD_DOCUMENT_KIND_MOH_XML12);
  JsonObject *r = record (cd_document_get_content (doc), 0);

  g_assert_true (cd_document_kind_is_signed (CD_DOCUMENT_KIND_MOH_XML12));
  g_assert_cmpstr (str (r, "HO_TEN"), ==, "Bùi Thị Thu Trang");
  g_assert_cmpstr (str (r, "SO_BIEN_BAN"), ==, "GD-2025-0312");
  g_assert_cmpstr (str (r, "NGAY_HOP"), ==, "2025-05-20");
  g_assert_cmpint (json_object_get_int_member (r, "TYLE_TTCT_MOI"), ==, 51);
  g_assert_cmpstr (str (r, "MA_DOI_TUONG"), ==, "TNLD");
}

static void
test_envelope (void)
{
  g_autoptr(CdDocument) doc = parse_fixture ("envelope-79001.xml", CD_DOCUMENT_KIND_MOH_ENVELOPE);
  JsonObject *content = cd_document_get_content (doc);
  JsonArray *episodes = json_object_get_array_member (content, "episodes");
  JsonArray *first = json_object_get_array_member (json_array_get_object_element (episodes, 0),
                                                   "documents");
  JsonObject *xml2 = json_array_get_object_element (first, 1);
  JsonObject *xml9 = json_array_get_object_element (first, 4);

  g_assert_cmpstr (str (content, "facility"), ==, "79001");
  g_assert_cmpstr (str (content, "created"), ==, "2025-03-15");
  g_assert_cmpuint (json_array_get_length (episodes), ==, 2);
  g_assert_cmpuint (json_array_get_length (first), ==, 5);
  g_assert_cmpstr (str (json_array_get_object_element (first, 0), "type"), ==, "XML1");
  /* A table the claims do not use is decoded and counted, not interpreted. */
  g_assert_cmpstr (str (xml2, "type"), ==, "XML2");
  g_assert_false (json_object_get_boolean_member (xml2, "interpreted"));
  g_assert_cmpint (json_object_get_int_member (xml2, "bytes"), >, 0);
  /* XML9's base64 is wrapped at 76 columns and its document starts with a BOM. */
  g_assert_cmpstr (str (xml9, "type"), ==, "XML9");
  g_assert_cmpstr (str (record (xml9, 1), "HO_TEN_CON"), ==, "Lê Minh Anh");
  g_assert_nonnull (cd_document_get_xml (doc));
}

static void
test_envelope_leave (void)
{
  g_autoptr(CdDocument) doc = parse_fixture ("envelope-01001.xml", CD_DOCUMENT_KIND_MOH_ENVELOPE);
  JsonObject *content = cd_document_get_content (doc);
  JsonArray *episodes = json_object_get_array_member (content, "episodes");
  JsonArray *docs = json_object_get_array_member (json_array_get_object_element (episodes, 0),
                                                  "documents");
  JsonObject *xml11 = json_array_get_object_element (docs, 1);

  g_assert_cmpstr (str (content, "facility"), ==, "01001");
  g_assert_cmpstr (str (xml11, "table"), ==, "XML11");
  g_assert_cmpint (json_object_get_int_member (record (xml11, 0), "SO_NGAY_NGHI"), ==, 5);
}

static void
test_envelope_builder (void)
{
  g_autofree char *xml11_path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                       "xml11-nghi-viec-bhxh.xml", NULL);
  g_autofree char *xml1_path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                      "xml1-viem-phoi.xml", NULL);
  g_autofree char *xml11 = NULL;
  g_autofree char *xml1 = NULL;
  gsize xml11_length = 0, xml1_length = 0;
  g_autoptr(CdMohEnvelopeBuilder) builder = cd_moh_envelope_builder_new ("01001", "20250408");
  g_autoptr(GBytes) envelope = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) doc = NULL;
  g_autofree char *text = NULL;
  JsonObject *content;
  JsonArray *episodes;

  g_assert_true (g_file_get_contents (xml11_path, &xml11, &xml11_length, NULL));
  g_assert_true (g_file_get_contents (xml1_path, &xml1, &xml1_length, NULL));
  cd_moh_envelope_builder_add_file (builder, "XML1", xml1, xml1_length);
  cd_moh_envelope_builder_add_file (builder, "XML11", xml11, xml11_length);
  cd_moh_envelope_builder_begin_episode (builder);
  cd_moh_envelope_builder_add_file (builder, "XML1", xml1, xml1_length);
  envelope = cd_moh_envelope_builder_end (builder);

  doc = cd_document_parse (g_bytes_get_data (envelope, NULL), g_bytes_get_size (envelope),
                           "built.xml", &error);
  g_assert_no_error (error);
  content = cd_document_get_content (doc);
  episodes = json_object_get_array_member (content, "episodes");
  g_assert_cmpstr (str (content, "facility"), ==, "01001");
  g_assert_cmpstr (str (content, "created"), ==, "2025-04-08");
  g_assert_cmpuint (json_array_get_length (episodes), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (episodes, 0), "documents")), ==, 2);
  text = g_strndup (g_bytes_get_data (envelope, NULL), g_bytes_get_size (envelope));
  g_assert_nonnull (strstr (text, "<SOLUONGHOSO>2</SOLUONGHOSO>"));
  g_assert_nonnull (strstr (text, "<CHUKYDONVI/>"));
}

static void
test_namespaced_table (void)
{
  /* Some vendors put the tables in a namespace; elements are matched by local name. */
  const char *xml =
    "<?xml version=\"1.0\"?>\n"
    "<t:CHI_TIEU_DU_LIEU_GIAY_NGHI_DUONG_THAI xmlns:t=\"urn:vendor:his\">"
    "<t:SO_SERI>DT-1</t:SO_SERI><t:SO_CT>1/2025</t:SO_CT><t:SO_NGAY>7</t:SO_NGAY>"
    "<t:TU_NGAY>20250201</t:TU_NGAY><t:DEN_NGAY>20250207</t:DEN_NGAY>"
    "</t:CHI_TIEU_DU_LIEU_GIAY_NGHI_DUONG_THAI>";
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) doc = cd_document_parse (xml, strlen (xml), "ns.xml", &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_document_get_kind (doc), ==, CD_DOCUMENT_KIND_MOH_XML10);
  g_assert_cmpint (json_object_get_int_member (record (cd_document_get_content (doc), 0),
                                               "SO_NGAY"), ==, 7);
}

static void
test_civil_status (void)
{
  g_autoptr(CdDocument) birth = parse_fixture ("civil-birth.json", CD_DOCUMENT_KIND_CIVIL_BIRTH);
  g_autoptr(CdDocument) death = parse_fixture ("civil-death.json", CD_DOCUMENT_KIND_CIVIL_DEATH);
  JsonObject *bc = cd_document_get_content (birth);
  JsonObject *b = record (bc, 0);
  JsonObject *d = record (cd_document_get_content (death), 0);

  g_assert_cmpstr (str (bc, "event"), ==, "birth");
  g_assert_cmpstr (str (json_object_get_object_member (bc, "envelope"), "maTinh"), ==, "79");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (bc, "envelope"),
                                               "trangThai"), ==, 1);
  g_assert_cmpstr (str (b, "soDinhDanh"), ==, "079225001234");
  g_assert_cmpstr (str (b, "nksHoTen"), ==, "Lê Minh An");
  g_assert_cmpstr (str (b, "nksNgaySinh"), ==, "2025-03-08");
  g_assert_cmpstr (str (b, "meNgaySinh"), ==, "1990-05-12");
  g_assert_cmpstr (str (b, "maGCS"), ==, "125-03/2025");
  g_assert_cmpstr (str (d, "nktHoTen"), ==, "Trịnh Văn Khải");
  g_assert_cmpstr (str (d, "nktNgayChet"), ==, "2025-06-01");
  g_assert_cmpstr (str (d, "ngayDangKy"), ==, "2025-06-04");
}

/* Codes as the justice system's samples write them, numbers; still not any other kind of value. */
static void
test_civil_status_numeric_codes (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                 "civil-birth.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) numeric = NULL;
  g_autoptr(GString) fraction = NULL;
  g_autoptr(CdDocument) birth = NULL;
  g_autoptr(CdDocument) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  numeric = g_string_new (text);
  g_assert_cmpuint (g_string_replace (numeric, "\"nksGioiTinh\": \"Nam\"",
                                      "\"nksGioiTinh\": 1", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (numeric, "\"soDangKy\": \"125\"",
                                      "\"soDangKy\": 125", 1), ==, 1);
  birth = cd_document_parse (numeric->str, numeric->len, "justice-sample.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (record (cd_document_get_content (birth), 0), "nksGioiTinh"), ==, "1");
  g_assert_cmpstr (str (record (cd_document_get_content (birth), 0), "soDangKy"), ==, "125");

  fraction = g_string_new (text);
  g_string_replace (fraction, "\"nksGioiTinh\": \"Nam\"", "\"nksGioiTinh\": 1.5", 1);
  refused = cd_document_parse (fraction->str, fraction->len, "justice-sample.json", &error);
  g_assert_null (refused);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "nksGioiTinh"));
}

/* The register's real reply may carry no result code of ours: its citizen is the answer; with
 * neither, it is refused for the citizen it lacks. */
static void
test_population_without_result_code (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                 "population-lookup.xml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) bare = NULL;
  g_autoptr(CdDocument) lookup = NULL;
  g_autoptr(CdDocument) refused = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *content;
  const char *start, *end;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  bare = g_string_new (text);
  g_assert_cmpuint (g_string_replace (bare, "<MaKetQua>0</MaKetQua>", "", 1), ==, 1);
  lookup = cd_document_parse (bare->str, bare->len, "register-reply.xml", &error);
  g_assert_no_error (error);
  content = cd_document_get_content (lookup);
  g_assert_cmpstr (str (content, "result"), ==, "ok");
  g_assert_true (json_object_has_member (content, "citizen"));

  /* No code and no citizen: refused, naming what is missing. */
  start = strstr (bare->str, "<CongDan");
  end = strstr (bare->str, "</CongDan>");
  g_assert_nonnull (start);
  g_assert_nonnull (end);
  g_string_erase (bare, start - bare->str, end + strlen ("</CongDan>") - start);
  refused = cd_document_parse (bare->str, bare->len, "register-reply.xml", &error);
  g_assert_null (refused);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (error->message, "CongDan"));
}

static void
test_population (void)
{
  g_autoptr(CdDocument) lookup = parse_fixture ("population-lookup.xml",
                                                CD_DOCUMENT_KIND_POPULATION_LOOKUP);
  g_autoptr(CdDocument) match = parse_fixture ("population-match.xml",
                                               CD_DOCUMENT_KIND_POPULATION_MATCH);
  g_autoptr(CdDocument) status = parse_fixture ("population-status.xml",
                                                CD_DOCUMENT_KIND_POPULATION_STATUS);
  g_autoptr(CdDocument) relatives = parse_fixture ("population-relatives.xml",
                                                   CD_DOCUMENT_KIND_POPULATION_RELATIVES);
  JsonObject *citizen = json_object_get_object_member (cd_document_get_content (lookup), "citizen");
  JsonObject *mc = cd_document_get_content (match);
  JsonObject *sc = cd_document_get_content (status);
  JsonArray *people = json_object_get_array_member (cd_document_get_content (relatives),
                                                    "relatives");
  JsonObject *child = json_array_get_object_element (people, 1);
  const char *mismatched[] = { "NgayThangNamSinh", NULL };

  g_assert_cmpstr (str (cd_document_get_content (lookup), "result"), ==, "ok");
  g_assert_cmpstr (str (json_object_get_object_member (citizen, "HoVaTen"), "full"), ==,
                   "Nguyễn Thị Hoa");
  g_assert_cmpstr (str (citizen, "GioiTinh"), ==, "female");
  g_assert_cmpstr (str (citizen, "NgayThangNamSinh"), ==, "1990-05-12");
  g_assert_cmpstr (str (json_object_get_object_member (citizen, "ThuongTru"), "MaTinhThanh"), ==,
                   "79");
  g_assert_cmpstr (str (json_object_get_object_member (citizen, "VoChong"), "SoDinhDanh"), ==,
                   "079088004321");

  g_assert_false (json_object_get_boolean_member (mc, "match"));
  assert_strings (mc, "mismatched", mismatched);

  g_assert_cmpstr (str (sc, "status"), ==, "dead");
  g_assert_cmpstr (str (sc, "NgayChet"), ==, "2025-06-01");

  g_assert_cmpuint (json_array_get_length (people), ==, 3);
  g_assert_cmpstr (str (child, "QuanHe"), ==, "CON");
  g_assert_cmpstr (str (child, "SoDinhDanh"), ==, "079225001234");
  g_assert_cmpstr (str (json_object_get_object_member (child, "HoVaTen"), "full"), ==,
                   "Lê Minh An");
  g_assert_cmpstr (str (child, "NgayThangNamSinh"), ==, "2025-03-08");
}

static void
test_population_not_found (void)
{
  const char *xml =
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
    "<TraCuuThongTinCongDanResponse xmlns=\"http://dancuquocgia.bca\">"
    "<MaYeuCau>R1</MaYeuCau><MaKetQua>1</MaKetQua><MoTaKetQua>Không tìm thấy</MoTaKetQua>"
    "</TraCuuThongTinCongDanResponse></soap:Body></soap:Envelope>";
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) doc = cd_document_parse (xml, strlen (xml), "nf.xml", &error);
  JsonObject *content;

  g_assert_no_error (error);
  content = cd_document_get_content (doc);
  g_assert_cmpstr (str (content, "result"), ==, "not-found");
  g_assert_cmpstr (str (content, "request_id"), ==, "R1");
  g_assert_false (json_object_has_member (content, "citizen"));
}

static void
test_population_request (void)
{
  CdPopulationQuery query = {
    .request_id = (char *) "REQ-1", .service_code = (char *) "DVC-BHXH", .officer = (char *) "CB-079-12",
    .personal_id = (char *) "079190012345", .full_name = (char *) "Nguyễn Thị <Hoa> & Co",
    .birth_date = (char *) "19900512",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = cd_population_request_build (CD_POPULATION_REPLY_MATCH, &query, &error);
  g_auto(CdPopulationQuery) parsed = { 0 };
  CdPopulationReply operation = CD_POPULATION_REPLY_LOOKUP;
  char *year_only_xml;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<XacThucThongTinCongDan xmlns=\"http://dancuquocgia.bca\">"));
  /* The order the service expects. */
  g_assert_true (strstr (xml, "<MaYeuCau>") < strstr (xml, "<MaDVC>"));
  g_assert_true (strstr (xml, "<MaCanBo>") < strstr (xml, "<SoDinhDanh>"));
  g_assert_true (strstr (xml, "<HoVaTen>") < strstr (xml, "<NgayThangNamSinh>"));
  g_assert_true (cd_population_request_parse (xml, strlen (xml), "req.xml", &operation, &parsed,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (operation, ==, CD_POPULATION_REPLY_MATCH);
  g_assert_cmpstr (parsed.full_name, ==, "Nguyễn Thị <Hoa> & Co");
  g_assert_cmpstr (parsed.personal_id, ==, "079190012345");
  g_assert_cmpstr (parsed.birth_date, ==, "19900512");
  g_assert_null (parsed.old_id);

  /* Old ID and birth year only. */
  query.personal_id = NULL;
  query.old_id = (char *) "025123456";
  query.birth_date = (char *) "1990";
  year_only_xml = cd_population_request_build (CD_POPULATION_REPLY_LOOKUP, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (year_only_xml, "<SoCMND>025123456</SoCMND>"));
  g_assert_nonnull (strstr (year_only_xml, "<Nam>1990</Nam>"));
  g_free (year_only_xml);

  /* Refused on both sides: a bad date, no identifier. */
  query.birth_date = (char *) "19900230";
  g_assert_null (cd_population_request_build (CD_POPULATION_REPLY_LOOKUP, &query, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  query.birth_date = NULL;
  query.old_id = NULL;
  g_assert_null (cd_population_request_build (CD_POPULATION_REPLY_LOOKUP, &query, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  {
    const char *wrong_ns =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
      "<TraCuuThongTinCongDan xmlns=\"urn:other\"><MaYeuCau>1</MaYeuCau>"
      "<SoDinhDanh>079190012345</SoDinhDanh></TraCuuThongTinCongDan></soap:Body></soap:Envelope>";
    g_auto(CdPopulationQuery) refused = { 0 };

    g_assert_false (cd_population_request_parse (wrong_ns, strlen (wrong_ns), "ns.xml", NULL,
                                                 &refused, &error));
    g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_NAMESPACE);
  }
}

static void
test_to_json (void)
{
  g_autoptr(CdDocument) doc = parse_fixture ("xml11-nghi-viec-bhxh.xml",
                                             CD_DOCUMENT_KIND_MOH_XML11);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *root;

  cd_document_set_signature (doc, "unsigned", NULL, NULL);
  json = cd_document_to_json (doc, FALSE);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (str (root, "kind"), ==, "moh-xml11");
  g_assert_cmpstr (str (root, "source"), ==, "xml11-nghi-viec-bhxh.xml");
  g_assert_cmpstr (str (json_object_get_object_member (root, "signature"), "status"), ==,
                   "unsigned");
  g_assert_cmpstr (str (record (json_object_get_object_member (root, "content"), 0), "SO_CT"), ==,
                   "1234/2025");
}

static void
test_base64_strict (void)
{
  g_autoptr(GBytes) ok = cd_base64_decode_strict ("PFRPTkdfSE9QLz4=\n");
  g_autoptr(GBytes) wrapped = cd_base64_decode_strict ("PFRP\r\nTkdf SE9Q\tLz4=");

  g_assert_nonnull (ok);
  g_assert_cmpmem (g_bytes_get_data (ok, NULL), g_bytes_get_size (ok), "<TONG_HOP/>", 11);
  g_assert_nonnull (wrapped);
  g_assert_null (cd_base64_decode_strict ("PFRPTkdfSE9QLz4"));    /* length not a multiple of 4 */
  g_assert_null (cd_base64_decode_strict ("PFRP*kdfSE9QLz4="));   /* outside the alphabet */
  g_assert_null (cd_base64_decode_strict ("PF=PTkdfSE9QLz4="));   /* padding in the middle */
  g_assert_null (cd_base64_decode_strict (""));
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                 "signed-envelope-79001.xml", NULL);
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "hostile", "xxe-passwd.xml",
                                                NULL);
  g_autofree char *trust = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *ok_argv[] = { cli, "parse-document", "--trust-dir", trust, good, NULL };
  const char *bad_argv[] = { cli, "parse-document", bad, NULL };
  const char *usage_argv[] = { cli, "parse-document", NULL };

  g_assert_nonnull (cli);
  g_assert_cmpint (test_run (ok_argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"kind\" : \"moh-envelope\""));
  g_assert_nonnull (strstr (out, "\"status\" : \"valid\""));
  g_assert_nonnull (strstr (out, "\"profile\" : \"enveloped\""));
  g_assert_nonnull (strstr (out, "Cơ sở KCB 79001"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (test_run (bad_argv, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "xxe-passwd.xml"));
  g_assert_nonnull (strstr (err, "DOCTYPE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (test_run (usage_argv, &out, &err), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/documents/xml1", test_xml1);
  g_test_add_func ("/documents/xml1-fourteen-digit-dates", test_xml1_fourteen_digit_dates);
  g_test_add_func ("/documents/xml7-xml8", test_xml7_xml8);
  g_test_add_func ("/documents/xml9-twins-with-bom", test_xml9_twins_with_bom);
  g_test_add_func ("/documents/xml10-xml11-xml13", test_xml10_xml11_xml13);
  g_test_add_func ("/documents/xml12", test_xml12);
  g_test_add_func ("/documents/envelope", test_envelope);
  g_test_add_func ("/documents/envelope-leave", test_envelope_leave);
  g_test_add_func ("/documents/envelope-builder", test_envelope_builder);
  g_test_add_func ("/documents/namespaced-table", test_namespaced_table);
  g_test_add_func ("/documents/civil-status", test_civil_status);
  g_test_add_func ("/documents/civil-status-numeric-codes", test_civil_status_numeric_codes);
  g_test_add_func ("/documents/population-without-result-code",
                   test_population_without_result_code);
  g_test_add_func ("/documents/population", test_population);
  g_test_add_func ("/documents/population-not-found", test_population_not_found);
  g_test_add_func ("/documents/population-request", test_population_request);
  g_test_add_func ("/documents/to-json", test_to_json);
  g_test_add_func ("/documents/base64-strict", test_base64_strict);
  g_test_add_func ("/documents/cli", test_cli);
  return g_test_run ();
}
