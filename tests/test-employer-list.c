/* test-employer-list.c — the employer's 01B-HSB list in its signed I-VAN envelope: the typed rows,
 * the unit's signature (valid, unsigned, tampered, untrusted), the dossier code, hostile input, and
 * the layout being data. */
#include <glib/gstdio.h>
#include <string.h>

#include "cd-document-error.h"
#include "cd-employer-list.h"
#include "cd-trust-store.h"
#include "cd-data-dir.h"

#define UNIT "DN000007"

/* A row: its section (NULL in Part 2) and its cells "COLUMN=text|COLUMN=text". */
typedef struct
{
  const char *section;
  const char *cells;
} Row;

static const Row good_rows[] = {
  { "A.I", "A=1|B=Nguyễn Văn An|1=7912345678|2=02/11/2026|3=05/11/2026|4=4"
           "|C=0123456789, Vietcombank, CN Hà Nội|D=J06|E=T2, T5, CN; PCKV 0,7" },
  { "A.I", "A=2|B=Trần Thị Bình|1=7912345679|2=01/10/2026|3=10/11/2026|4=1-10|D=Cảm cúm" },
  { "A.III", "A=3|B=Lê Văn Cường|1=7912345680|2=09/11/2026|3=10/11/2026|4=2"
             "|D=14/03/2024|E=TE1797912345681" },
  { NULL, "A=1|B=Phạm Thị Dung|1=7912345682|2=3/02/2026|3=Chậm báo tăng lương" },
};

static char *
build_body (const char *unit,
            const Row  *rows,
            guint       n_rows,
            const char *extra_part1)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<M01B-HSB>\n");
  const char *open_section = NULL;

  g_string_append_printf (xml, "  <DonVi><TenDonVi>Công ty TNHH Thử Nghiệm</TenDonVi>"
                          "<MaDonVi>%s</MaDonVi><DienThoai>0241234567</DienThoai>"
                          "<SoTaiKhoan>9876543210</SoTaiKhoan><NganHang>Agribank</NganHang>"
                          "<ChiNhanh>Ba Đình</ChiNhanh></DonVi>\n", unit);
  g_string_append (xml, "  <Dot>2</Dot><Thang>11</Thang><Nam>2026</Nam>\n  <Phan1>\n");
  for (guint i = 0; i < n_rows && rows[i].section != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (rows[i].cells, "|", -1);

      if (g_strcmp0 (open_section, rows[i].section) != 0)
        {
          if (open_section != NULL)
            g_string_append (xml, "    </Nhom>\n");
          g_string_append_printf (xml, "    <Nhom Ma=\"%s\">\n", rows[i].section);
          open_section = rows[i].section;
        }
      g_string_append (xml, "      <Dong>");
      for (guint c = 0; cells[c] != NULL; c++)
        {
          char *equals = strchr (cells[c], '=');
          g_autofree char *text = g_markup_escape_text (equals + 1, -1);

          *equals = '\0';
          g_string_append_printf (xml, "<O Cot=\"%s\">%s</O>", cells[c], text);
        }
      g_string_append (xml, "</Dong>\n");
    }
  if (open_section != NULL)
    g_string_append (xml, "    </Nhom>\n");
  if (extra_part1 != NULL)
    g_string_append (xml, extra_part1);
  g_string_append (xml, "  </Phan1>\n  <Phan2>\n");
  for (guint i = 0; i < n_rows; i++)
    {
      g_auto(GStrv) cells = NULL;

      if (rows[i].section != NULL)
        continue;
      cells = g_strsplit (rows[i].cells, "|", -1);
      g_string_append (xml, "    <Dong>");
      for (guint c = 0; cells[c] != NULL; c++)
        {
          char *equals = strchr (cells[c], '=');
          g_autofree char *text = g_markup_escape_text (equals + 1, -1);

          *equals = '\0';
          g_string_append_printf (xml, "<O Cot=\"%s\">%s</O>", cells[c], text);
        }
      g_string_append (xml, "</Dong>\n");
    }
  g_string_append (xml, "  </Phan2>\n  <Cky/>\n</M01B-HSB>\n");
  return g_string_free (xml, FALSE);
}

static GBytes *
envelope_for (const char *dossier,
              const char *body)
{
  CdEmployerListEnvelope info = {
    .unit_code = UNIT, .unit_name = "Công ty TNHH Thử Nghiệm", .tax_code = "0101234567",
    .signer_name = "Nguyễn Văn Giám", .phone = "0241234567", .dossier_code = dossier,
    .period = "2026-11", .created = "2026-11-18",
  };

  return cd_employer_list_build_envelope (&info, "01B-HSB", body, strlen (body));
}

/* The units' TEST-ONLY key (data/pki/units), as the gateway signs with it. */
static CdSigningKey *
unit_signing_key (GError **error)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *key_path = g_build_filename (pki, "units", "employer.key.pem", NULL);
  g_autofree char *cert_path = g_build_filename (pki, "units", "employer.cert.pem", NULL);

  return cd_signing_key_new_from_files (key_path, cert_path, error);
}

static GBytes *
signed_good_envelope (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSigningKey) key = unit_signing_key (&error);
  g_autofree char *body = build_body (UNIT, good_rows, G_N_ELEMENTS (good_rows), NULL);
  g_autoptr(GBytes) envelope = envelope_for ("630a", body);
  GBytes *signed_bytes;

  g_assert_no_error (error);
  signed_bytes = cd_employer_list_sign (key, envelope, &error);
  g_assert_no_error (error);
  return signed_bytes;
}

static CdTrustStore *
test_trust_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *dir = g_build_filename (pki, "trust", NULL);
  CdTrustStore *store = cd_trust_store_new_from_dir (dir, &error);

  g_assert_no_error (error);
  return store;
}

static CdEmployerList *
parse_bytes (GBytes     *bytes,
             GError    **error)
{
  g_autoptr(CdTrustStore) store = test_trust_store ();

  return cd_employer_list_parse (NULL, store, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), "list.xml", error);
}

static CdEmployerListRow *
row_at (CdEmployerList *list,
        guint           i)
{
  g_assert_cmpuint (i, <, list->rows->len);
  return g_ptr_array_index (list->rows, i);
}

static gboolean
has_problem (CdEmployerListRow *row,
             const char        *column,
             const char        *piece)
{
  for (guint i = 0; i < row->problems->len; i++)
    {
      CdEmployerListProblem *problem = g_ptr_array_index (row->problems, i);

      g_test_message ("%s: %s", problem->column, problem->message);
      if (g_str_equal (problem->column, column)
          && (piece == NULL || strstr (problem->message, piece) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
test_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = signed_good_envelope ();
  g_autoptr(CdEmployerList) list = parse_bytes (bytes, &error);
  CdEmployerListRow *row;
  JsonObject *fields, *notes, *total;
  JsonArray *rest;

  g_assert_no_error (error);
  g_assert_true (list->signature_checked);
  g_assert_cmpint (list->signature_status, ==, CD_SIGNATURE_VALID);
  g_assert_nonnull (strstr (list->signer, "TEST-ONLY employer"));
  g_assert_cmpstr (list->unit_code, ==, UNIT);
  g_assert_cmpstr (list->unit_name, ==, "Công ty TNHH Thử Nghiệm");
  g_assert_cmpstr (list->tax_code, ==, "0101234567");
  g_assert_cmpstr (list->dossier_code, ==, "630a");
  g_assert_cmpstr (list->period, ==, "2026-11");
  g_assert_cmpstr (list->created, ==, "2026-11-18");
  g_assert_cmpuint (list->batch, ==, 2);
  g_assert_cmpuint (list->month, ==, 11);
  g_assert_cmpuint (list->year, ==, 2026);
  g_assert_cmpstr (list->unit_account, ==, "9876543210");
  g_assert_cmpuint (list->rows->len, ==, 4);
  g_assert_cmpuint (cd_employer_list_count_problem_rows (list), ==, 0);

  row = row_at (list, 0);
  g_assert_cmpint (row->part, ==, CD_EMPLOYER_LIST_PART_NEW);
  g_assert_cmpuint (row->number, ==, 1);
  g_assert_cmpstr (row->section, ==, "A.I");
  g_assert_cmpstr (row->benefit, ==, "sickness");
  g_assert_cmpstr (row->case_code, ==, "OM_THUONG");
  g_assert_cmpstr (row->name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (row->si_code, ==, "7912345678");
  g_assert_cmpstr (row->from, ==, "2026-11-02");
  g_assert_cmpstr (row->to, ==, "2026-11-05");
  fields = row->fields;
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields,
                                                                                 "payment"),
                                                  "bank"), ==, "Vietcombank");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields,
                                                                                 "case_data"),
                                                  "disease_code"), ==, "J06");
  notes = json_object_get_object_member (fields, "notes");
  rest = json_object_get_array_member (notes, "weekly_rest");
  g_assert_cmpuint (json_array_get_length (rest), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (rest, 0), ==, "mon");
  g_assert_cmpstr (json_array_get_string_element (rest, 2), ==, "sun");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (notes, "regional_allowance"),
                                  0.7, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (row->cells, "E"), ==, "T2, T5, CN; PCKV 0,7");

  /* Over a month: "months-days". */
  total = json_object_get_object_member (row_at (list, 1)->fields, "total");
  g_assert_cmpint (json_object_get_int_member (total, "months"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (total, "days"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     row_at (list, 1)->fields, "case_data"), "disease_name"), ==, "Cảm cúm");

  /* A sick child: the child's birth date in D, the card in E. */
  row = row_at (list, 2);
  g_assert_cmpstr (row->benefit, ==, "child_sickness");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (row->fields,
                                                                                 "case_data"),
                                                  "child_birth_date"), ==, "2024-03-14");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (row->fields,
                                                                                 "notes"),
                                                  "health_card"), ==, "TE1797912345681");

  /* Part 2: the earlier decision list and the reason. */
  row = row_at (list, 3);
  g_assert_cmpint (row->part, ==, CD_EMPLOYER_LIST_PART_ADJUSTMENT);
  g_assert_null (row->section);
  fields = json_object_get_object_member (row->fields, "earlier_list");
  g_assert_cmpint (json_object_get_int_member (fields, "batch"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (fields, "month"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (fields, "year"), ==, 2026);
  g_assert_cmpstr (json_object_get_string_member (row->fields, "reason"), ==,
                   "Chậm báo tăng lương");
}

static void
test_unsigned (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = build_body (UNIT, good_rows, G_N_ELEMENTS (good_rows), NULL);
  g_autoptr(GBytes) bytes = envelope_for ("630a", body);
  g_autoptr(CdEmployerList) list = parse_bytes (bytes, &error);
  g_autoptr(CdEmployerList) unchecked = NULL;

  g_assert_no_error (error);
  g_assert_true (list->signature_checked);
  g_assert_cmpint (list->signature_status, ==, CD_SIGNATURE_UNSIGNED);
  g_assert_cmpuint (list->rows->len, ==, 4);

  /* Without a trust store the signature is not checked, and says so. */
  unchecked = cd_employer_list_parse (NULL, NULL, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), "list.xml", &error);
  g_assert_no_error (error);
  g_assert_false (unchecked->signature_checked);
}

static void
test_tampered (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = signed_good_envelope ();
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  char *period = strstr (text, "<KyKeKhai>11/2026");
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(CdEmployerList) list = NULL;

  /* The same list, a month later: still a list, but not what the unit signed. */
  g_assert_nonnull (period);
  period[strlen ("<KyKeKhai>1")] = '2';
  tampered = g_bytes_new (text, strlen (text));
  list = parse_bytes (tampered, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (list->period, ==, "2026-12");
  g_assert_cmpint (list->signature_status, ==, CD_SIGNATURE_INVALID);
}

static void
test_untrusted (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *key_path = g_build_filename (pki, "untrusted", "facilities", "99001.key.pem",
                                                NULL);
  g_autofree char *cert_path = g_build_filename (pki, "untrusted", "facilities",
                                                 "99001.cert.pem", NULL);
  g_autoptr(CdSigningKey) key = cd_signing_key_new_from_files (key_path, cert_path, &error);
  g_autofree char *body = build_body (UNIT, good_rows, G_N_ELEMENTS (good_rows), NULL);
  g_autoptr(GBytes) envelope = envelope_for ("630a", body);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CdEmployerList) list = NULL;

  g_assert_no_error (error);
  bytes = cd_employer_list_sign (key, envelope, &error);
  g_assert_no_error (error);
  list = parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (list->signature_status, ==, CD_SIGNATURE_UNTRUSTED);
}

static void
test_wrong_dossier (void)
{
  static const Row maternity[] = {
    { "A.I", "A=1|B=Nguyễn Văn An|1=7912345678|2=02/11/2026|3=05/11/2026|4=4|D=J06" },
    { "B.III", "A=2|B=Trần Thị Bình|1=7912345679|2=01/09/2026|3=28/02/2027|4=6-0"
               "|D=01/09/2026|E=SC 2" },
    { "Z.IX", "A=3|B=Lê Văn Cường|1=7912345680|2=09/11/2026|3=10/11/2026|4=2" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = build_body (UNIT, maternity, G_N_ELEMENTS (maternity), NULL);
  g_autoptr(GBytes) bytes = envelope_for ("630a", body);
  g_autoptr(GBytes) unknown = envelope_for ("630z", body);
  g_autoptr(CdEmployerList) list = parse_bytes (bytes, &error);
  g_autoptr(CdEmployerList) refused = NULL;
  CdEmployerListRow *row;

  /* A maternity row in a sickness dossier is a problem of that row, not of the list. */
  g_assert_no_error (error);
  g_assert_cmpuint (list->rows->len, ==, 3);
  g_assert_cmpuint (row_at (list, 0)->problems->len, ==, 0);
  row = row_at (list, 1);
  g_assert_cmpstr (row->benefit, ==, "childbirth");
  g_assert_true (has_problem (row, "section", "630a"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row->fields,
                                                                              "notes"),
                                               "children"), ==, 2);
  g_assert_true (has_problem (row_at (list, 2), "section", "Z.IX"));
  g_assert_null (row_at (list, 2)->benefit);

  /* An unknown dossier code: not a list we can read at all. */
  refused = parse_bytes (unknown, &error);
  g_assert_null (refused);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "630z"));
  g_assert_nonnull (strstr (error->message, "list.xml"));
}

static void
test_bad_cells (void)
{
  static const Row rows[] = {
    { "A.I", "A=x|B=Nguyễn Văn An|1=79123|2=31/02/2026|3=05/11/2026|4=abc|C=12ab, VCB" },
    { "A.I", "A=2|B=Trần Thị Bình|1=7912345679|2=10/11/2026|3=01/11/2026|4=13-40"
             "|E=PCKV 7,5; T9|Z=what" },
    { "A.III", "A=3|1=7912345680|2=09/11/2026|3=10/11/2026|4=2|D=14/13/2024" },
    { "A.I", "A=4|B=Lê Văn Dũng|1=7912345681|2=02/11/2026|3=05/11/2026|4=4" },
    { "A.I", "A=5|B=Lê Văn Dũng|1=7912345681|2=02/11/2026|3=05/11/2026|4=4" },
    { NULL, "A=1|B=Phạm Thị Dung|1=7912345682|2=3/13/2026" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = build_body (UNIT, rows, G_N_ELEMENTS (rows), NULL);
  g_autoptr(GBytes) bytes = envelope_for ("630a", body);
  g_autoptr(CdEmployerList) list = parse_bytes (bytes, &error);
  CdEmployerListRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (list->rows->len, ==, 6);

  row = row_at (list, 0);
  g_assert_true (has_problem (row, "A", "Part 1 row 1, column A"));
  g_assert_true (has_problem (row, "1", "10 digits"));
  g_assert_true (has_problem (row, "2", "31/02/2026"));
  g_assert_true (has_problem (row, "4", "abc"));
  g_assert_true (has_problem (row, "C", "12ab"));
  g_assert_null (row->si_code);
  g_assert_null (row->from);
  /* Every raw cell is kept, whatever it says. */
  g_assert_cmpstr (json_object_get_string_member (row->cells, "2"), ==, "31/02/2026");

  row = row_at (list, 1);
  g_assert_true (has_problem (row, "3", "before it starts"));
  g_assert_true (has_problem (row, "4", "13-40"));
  g_assert_true (has_problem (row, "E", "PCKV 7,5"));
  g_assert_true (has_problem (row, "Z", "no such column"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (row->fields, "notes"), "other"), 0), ==,
                   "T9");

  row = row_at (list, 2);
  g_assert_true (has_problem (row, "B", "empty"));
  g_assert_true (has_problem (row, "D", "14/13/2024"));

  /* The same person and period twice: the second row is the duplicate. */
  g_assert_cmpuint (row_at (list, 3)->problems->len, ==, 0);
  g_assert_true (has_problem (row_at (list, 4), "1", "row 4"));

  row = row_at (list, 5);
  g_assert_true (has_problem (row, "2", "3/13/2026"));
  g_assert_true (has_problem (row, "3", "empty"));
  g_assert_cmpuint (cd_employer_list_count_problem_rows (list), ==, 5);
}

static void
assert_refused (const char      *data,
                gsize            length,
                CdDocumentError  code,
                const char      *piece)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) store = test_trust_store ();
  g_autoptr(CdEmployerList) list = cd_employer_list_parse (NULL, store, data, length,
                                                           "hostile.xml", &error);

  g_assert_null (list);
  g_assert_error (error, CD_DOCUMENT_ERROR, (int) code);
  g_assert_nonnull (strstr (error->message, "hostile.xml"));
  if (piece != NULL && strstr (error->message, piece) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, piece);
}

static void
assert_body_refused (const char      *body,
                     CdDocumentError  code,
                     const char      *piece)
{
  g_autoptr(GBytes) bytes = envelope_for ("630a", body);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  assert_refused (data, length, code, piece);
}

static void
test_hostile (void)
{
  static const char entities[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE Hoso [<!ENTITY a \"aaaaaaaaaa\">"
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<Hoso><NoiDung>&b;</NoiDung></Hoso>";
  g_autofree char *good = build_body (UNIT, good_rows, G_N_ELEMENTS (good_rows), NULL);
  g_autoptr(GString) deep = g_string_new ("<M01B-HSB><Phan1>");
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new ("<Hoso><NoiDung><ThongTinHoSo><NoiDungFile>");
  g_autofree char *inner_xxe = NULL;
  g_autofree char *other_unit = NULL;
  g_autofree char *many_body = NULL;
  g_autoptr(GBytes) envelope = envelope_for ("630a", good);
  g_autofree char *text = g_strndup (g_bytes_get_data (envelope, NULL),
                                     g_bytes_get_size (envelope));
  g_autofree char *bad_period = NULL;
  char *found;

  assert_refused (entities, strlen (entities), CD_DOCUMENT_ERROR_FORBIDDEN, "DOCTYPE");
  assert_refused ("<html/>", 7, CD_DOCUMENT_ERROR_WRONG_ROOT, "html");
  assert_refused ("<Hoso><NoiDung>", 15, CD_DOCUMENT_ERROR_MALFORMED, NULL);

  /* The entity expansion inside the base64 form is refused as well, naming the form. */
  inner_xxe = g_strconcat ("<?xml version=\"1.0\"?><!DOCTYPE M01B-HSB [<!ENTITY x SYSTEM "
                           "\"file:///etc/passwd\">]><M01B-HSB>&x;</M01B-HSB>", NULL);
  assert_body_refused (inner_xxe, CD_DOCUMENT_ERROR_FORBIDDEN, "01B-HSB");

  /* Deep nesting in the form. */
  for (guint i = 0; i < 5000; i++)
    g_string_append (deep, "<Nhom>");
  assert_body_refused (deep->str, CD_DOCUMENT_ERROR_TOO_DEEP, NULL);

  /* More rows than a list may hold. */
  for (guint i = 0; i <= CD_EMPLOYER_LIST_MAX_ROWS; i++)
    g_string_append (many, "<Dong><O Cot=\"A\">1</O></Dong>");
  many_body = g_strdup_printf ("<M01B-HSB><Phan2>%s</Phan2></M01B-HSB>", many->str);
  assert_body_refused (many_body, CD_DOCUMENT_ERROR_TOO_MANY_NODES, "5000");

  /* The form of another unit inside this unit's envelope. */
  other_unit = build_body ("DN000008", good_rows, G_N_ELEMENTS (good_rows), NULL);
  assert_body_refused (other_unit, CD_DOCUMENT_ERROR_INVALID_FIELD, "DN000008");

  /* No rows at all. */
  assert_body_refused ("<M01B-HSB><Phan1/></M01B-HSB>", CD_DOCUMENT_ERROR_MISSING_FIELD,
                       "no rows");
  assert_body_refused ("<TONG_HOP/>", CD_DOCUMENT_ERROR_WRONG_ROOT, "TONG_HOP");

  /* Huge base64: over the input cap before anything is decoded. */
  for (guint i = 0; i < (17u << 20) / 64; i++)
    g_string_append (huge, "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB");
  g_string_append (huge, "</NoiDungFile></ThongTinHoSo></NoiDung></Hoso>");
  assert_refused (huge->str, huge->len, CD_DOCUMENT_ERROR_TOO_LARGE, NULL);

  /* Bad base64 and a bad period in the envelope. */
  found = strstr (text, "<NoiDungFile>");
  g_assert_nonnull (found);
  found[strlen ("<NoiDungFile>") + 3] = '*';
  assert_refused (text, strlen (text), CD_DOCUMENT_ERROR_BAD_BASE64, "NoiDungFile");
  found[strlen ("<NoiDungFile>") + 3] = 'A';
  found = strstr (text, "<KyKeKhai>11/2026");
  g_assert_nonnull (found);
  bad_period = g_strdup (text);
  memcpy (bad_period + (found - text), "<KyKeKhai>13/2026", 17);
  assert_refused (bad_period, strlen (bad_period), CD_DOCUMENT_ERROR_INVALID_FIELD, "13/2026");
}

/* The columns are data: the same form with column 1 called "MSBHXH" reads with a layout that says
 * so, and not with the shipped one. */
static void
test_layout_is_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shipped_path = cd_data_dir_build ("lists", "01b-hsb.json", NULL);
  g_autofree char *shipped = NULL;
  g_autofree char *dir = g_dir_make_tmp ("layout-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "layout.json", NULL);
  g_autoptr(GString) changed = NULL;
  g_autoptr(CdEmployerListLayout) layout = NULL;
  static const Row renamed[] = {
    { "A.I", "A=1|B=Nguyễn Văn An|MSBHXH=7912345678|2=02/11/2026|3=05/11/2026|4=4" },
  };
  g_autofree char *body = build_body (UNIT, renamed, G_N_ELEMENTS (renamed), NULL);
  g_autoptr(GBytes) bytes = envelope_for ("630a", body);
  g_autoptr(CdEmployerList) with_shipped = parse_bytes (bytes, &error);
  g_autoptr(CdEmployerList) with_changed = NULL;

  g_assert_no_error (error);
  g_assert_true (has_problem (row_at (with_shipped, 0), "MSBHXH", "no such column"));

  g_assert_true (g_file_get_contents (shipped_path, &shipped, NULL, NULL));
  changed = g_string_new (shipped);
  g_assert_cmpuint (g_string_replace (changed, "\"column\": \"1\"", "\"column\": \"MSBHXH\"", 0),
                    ==, 2);
  g_assert_true (g_file_set_contents (path, changed->str, -1, NULL));
  layout = cd_employer_list_layout_load (path, &error);
  g_assert_no_error (error);
  with_changed = cd_employer_list_parse (layout, NULL, g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes), "list.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (row_at (with_changed, 0)->problems->len, ==, 0);
  g_assert_cmpstr (row_at (with_changed, 0)->si_code, ==, "7912345678");

  /* A layout naming a benefit we do not know is refused, naming the file. */
  g_string_replace (changed, "\"benefit\": \"sickness\"", "\"benefit\": \"flu\"", 1);
  g_assert_true (g_file_set_contents (path, changed->str, -1, NULL));
  g_clear_pointer (&layout, cd_employer_list_layout_free);
  layout = cd_employer_list_layout_load (path, &error);
  g_assert_null (layout);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "layout.json"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_fixtures (void)
{
  static const char *const files[] = { "list-630a.xml", "list-630b-part2.xml" };

  /* The committed examples (the fuzzer's seeds and the docs' examples) parse without problems. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "lists", files[i], NULL);
      g_autofree char *data = NULL;
      gsize length;
      g_autoptr(CdEmployerList) list = NULL;

      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      list = cd_employer_list_parse (NULL, NULL, data, length, files[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->rows->len, >, 0);
      g_assert_cmpuint (cd_employer_list_count_problem_rows (list), ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/employer-list/good", test_good);
  g_test_add_func ("/employer-list/unsigned", test_unsigned);
  g_test_add_func ("/employer-list/tampered", test_tampered);
  g_test_add_func ("/employer-list/untrusted", test_untrusted);
  g_test_add_func ("/employer-list/wrong-dossier", test_wrong_dossier);
  g_test_add_func ("/employer-list/bad-cells", test_bad_cells);
  g_test_add_func ("/employer-list/hostile", test_hostile);
  g_test_add_func ("/employer-list/layout-is-data", test_layout_is_data);
  g_test_add_func ("/employer-list/fixtures", test_fixtures);
  return g_test_run ();
}
