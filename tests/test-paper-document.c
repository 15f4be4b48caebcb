/* test-paper-document.c — paper documents: their checks, how they are stored, and that every
 * reader of the evidence (case detection, the facts builder, cross-checks, linking, the claim view)
 * takes them like fetched ones.
 *
 * The store is workflow-fixture's: claimant 079190123456 (person 1) with claims HS-T-0001… for
 * 2026-09-08 → 2026-09-10, and officer cb01 (Nguyễn Văn An).
 */
#include <glib/gstdio.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-case-detect.h"
#include "cd-claim-details.h"
#include "cd-cross-checks.h"
#include "cd-evidence-store.h"
#include "cd-facts-builder.h"
#include "cd-paper-document.h"
#include "cd-rules-engine.h"
#include "test-util.h"
#include "workflow-fixture.h"

#define CLAIMANT "079190123456"
#define OTHER    "079090654321"

static const guint8 png_bytes[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                    'I', 'H', 'D', 'R' };

static GHashTable *
values_new (const char *first,
            ...)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (values, g_strdup (name), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return values;
}

/* A valid paper leave certificate for 2026-09-08 → 2026-09-10. */
static GHashTable *
leave_values (const char *serial,
              const char *from,
              const char *to,
              const char *days)
{
  return values_new ("SO_SERI", serial, "SO_CT", "CT-1", "MA_CSKCB", "79001", "MA_BS", "BS-7",
                     "TU_NGAY", from, "DEN_NGAY", to, "SO_NGAY_NGHI", days,
                     "MA_BENH_CHINH", "J18.9", NULL);
}

static const char *
reason_of (GPtrArray  *invalid,
           const char *field)
{
  for (guint i = 0; invalid != NULL && i < invalid->len; i++)
    {
      CdPaperInvalid *entry = g_ptr_array_index (invalid, i);

      if (g_str_equal (entry->field, field))
        return entry->reason;
    }
  return NULL;
}

static void
assert_reason (GPtrArray  *invalid,
               const char *field,
               const char *contains)
{
  const char *reason = reason_of (invalid, field);

  if (reason == NULL)
    g_error ("no reason for %s", field);
  if (strstr (reason, contains) == NULL)
    g_error ("the reason for %s is “%s”, without “%s”", field, reason, contains);
}

static void
assert_text (Store      *store,
             const char *sql,
             const char *expected)
{
  g_autofree char *text = fx_text (store, sql);

  g_assert_cmpstr (text, ==, expected);
}

static gint64
save (Store              *store,
      CdSession          *session,
      const char         *kind,
      const char         *personal_id,
      GHashTable         *values,
      gint64              claim_id,
      GBytes             *scan,
      const char         *at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GDateTime) now = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  CdPaperEntry entry = { kind, personal_id, values, claim_id, scan, scan != NULL ? "scan.png"
                                                                                  : NULL };
  gint64 id = cd_paper_document_save (store->db, session, &entry, now, &invalid, &error);

  g_assert_no_error (error);
  g_assert_null (invalid);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
add_other_person (Store *store)
{
  fx_exec (store, "INSERT INTO persons (id, personal_id, si_code, full_name, family_name,"
                  " middle_name, given_name, name_folded, sex, birth_date, updated_at) VALUES"
                  " (2, '" OTHER "', '7912345679', 'Trần Văn Bảo', 'Trần', 'Văn', 'Bảo',"
                  " 'tran van bao', 'male', '1990-02-02', '2026-11-01T00:00:00Z')");
}

/* --- The kinds -------------------------------------------------------------------------------- */

/* A leave certificate is issued on or before the last day of the leave it certifies, usually on
 * its first day (as the medical portal's are). */
static void
test_issued_within_leave (void)
{
  g_autoptr(GHashTable) on_first_day = leave_values ("S-1", "2026-03-01", "2026-03-05", "5");
  g_autoptr(GHashTable) after_leave = leave_values ("S-1", "2026-03-01", "2026-03-05", "5");
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(JsonNode) fields = NULL;

  g_hash_table_insert (on_first_day, g_strdup ("NGAY_CT"), g_strdup ("2026-03-01"));
  fields = cd_paper_document_validate ("leave_certificate", on_first_day, &invalid);
  g_assert_nonnull (fields);
  g_assert_null (invalid);

  g_hash_table_insert (after_leave, g_strdup ("NGAY_CT"), g_strdup ("2026-03-09"));
  g_clear_pointer (&fields, json_node_unref);
  fields = cd_paper_document_validate ("leave_certificate", after_leave, &invalid);
  g_assert_null (fields);
  assert_reason (invalid, "DEN_NGAY", "2026-03-05 < 2026-03-09");
}

static void
test_kinds (void)
{
  static const char * const expected[] = { "leave_certificate", "discharge_paper",
                                           "birth_certificate", "pregnancy_rest",
                                           "medical_assessment", "birth_registration",
                                           "death_registration" };
  guint n = 0;
  const CdPaperKind *kinds = cd_paper_kinds (&n);
  const CdPaperKind *leave = cd_paper_kind_find ("leave_certificate");

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (kinds[i].kind, ==, expected[i]);
      g_assert_cmpuint (cd_paper_kind_n_fields (&kinds[i]), >, 3);
      g_assert_true ((kinds[i].table != NULL) == (kinds[i].root != NULL));
      g_assert_true ((kinds[i].table != NULL) != (kinds[i].event != NULL));
      g_assert_nonnull (cd_paper_kind_find_field (&kinds[i], kinds[i].date_field));
    }
  g_assert_cmpstr (leave->table, ==, "XML11");
  g_assert_true (cd_paper_kind_find_field (leave, "SO_SERI")->required);
  g_assert_cmpint (cd_paper_kind_find_field (leave, "MA_CSKCB")->type, ==,
                   CD_PAPER_FIELD_FACILITY);
  g_assert_cmpint (cd_paper_kind_find_field (leave, "SO_NGAY_NGHI")->max, ==, 30);
  g_assert_null (cd_paper_kind_find ("citizen"));
  g_assert_cmpstr (cd_paper_field_type_to_string (CD_PAPER_FIELD_ICD10), ==, "icd10");
}

/* --- Validation ------------------------------------------------------------------------------- */

/* Every invalid field is reported at once, each with its reason. */
static void
test_validate_every_reason (void)
{
  g_autoptr(GHashTable) values =
    values_new ("SO_SERI", "A B", "MA_CSKCB", "7900", "TU_NGAY", "2026-02-30",
                "DEN_NGAY", "mai", "SO_NGAY_NGHI", "31", "MA_BENH_CHINH", "j18",
                "SO_CCCD", "12345", "MA_DINH_CHI_THAI", "maybe", "TUOI_THAI", "ba",
                "NGAY_CT", "31/4/2026", "HO_TEN_CHA", "   ", "SO_GHE", "1", NULL);
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(JsonNode) fields = cd_paper_document_validate ("leave_certificate", values, &invalid);

  g_assert_null (fields);
  g_assert_nonnull (invalid);
  assert_reason (invalid, "SO_SERI", "Only letters, digits");
  assert_reason (invalid, "SO_CT", "Required");
  assert_reason (invalid, "MA_CSKCB", "facility code has exactly 5 characters");
  assert_reason (invalid, "TU_NGAY", "No such date: 2026-02-30");
  assert_reason (invalid, "DEN_NGAY", "Not a date (YYYY-MM-DD or DD/MM/YYYY): mai");
  assert_reason (invalid, "SO_NGAY_NGHI", "At most 30: 31");
  assert_reason (invalid, "MA_BENH_CHINH", "ICD-10");
  assert_reason (invalid, "SO_CCCD", "12 digits");
  assert_reason (invalid, "MA_DINH_CHI_THAI", "Expected yes or no: maybe");
  assert_reason (invalid, "TUOI_THAI", "Not a whole number: ba");
  assert_reason (invalid, "NGAY_CT", "No such date: 31/4/2026");
  assert_reason (invalid, "SO_GHE", "has no field SO_GHE");
  /* Blank is not given, and the optional father's name is not required. */
  g_assert_null (reason_of (invalid, "HO_TEN_CHA"));
  g_assert_cmpuint (invalid->len, ==, 12);
  /* In the kind's order, the unknown name last. */
  g_assert_cmpstr (((CdPaperInvalid *) g_ptr_array_index (invalid, 0))->field, ==, "SO_SERI");
  g_assert_cmpstr (((CdPaperInvalid *) g_ptr_array_index (invalid, 11))->field, ==, "SO_GHE");
}

/* Checks across fields: the period's order and the count of days printed beside it. */
static void
test_validate_across_fields (void)
{
  g_autoptr(GHashTable) reversed = leave_values ("S-1", "2026-03-05", "2026-03-01", "5");
  g_autoptr(GHashTable) miscounted = leave_values ("S-1", "2026-03-01", "2026-03-05", "4");
  g_autoptr(GHashTable) registration =
    values_new ("soDangKy", "12", "ngayDangKy", "2026-03-01", "nksHoTen", "Lê Minh An",
                "nksNgaySinh", "2026-03-08", NULL);
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(JsonNode) fields = NULL;

  fields = cd_paper_document_validate ("leave_certificate", reversed, &invalid);
  g_assert_null (fields);
  g_assert_cmpuint (invalid->len, ==, 1);
  assert_reason (invalid, "DEN_NGAY", "To is before From (2026-03-01 < 2026-03-05)");
  g_clear_pointer (&invalid, g_ptr_array_unref);

  fields = cd_paper_document_validate ("leave_certificate", miscounted, &invalid);
  g_assert_null (fields);
  g_assert_cmpuint (invalid->len, ==, 1);
  assert_reason (invalid, "SO_NGAY_NGHI", "Days of leave is 4, but 2026-03-01 to 2026-03-05 is "
                                          "5 days");
  g_clear_pointer (&invalid, g_ptr_array_unref);

  fields = cd_paper_document_validate ("birth_registration", registration, &invalid);
  g_assert_null (fields);
  assert_reason (invalid, "ngayDangKy", "Registered on is before Child’s birth date");
  g_clear_pointer (&invalid, g_ptr_array_unref);

  fields = cd_paper_document_validate ("residence_card", registration, &invalid);
  g_assert_null (fields);
  assert_reason (invalid, "kind", "Not a kind of paper document: residence_card");
}

/* What is typed becomes what the electronic parser gives: ISO dates (DD/MM/YYYY accepted), whole
 * numbers, booleans, the MoH sexes; the table's shape with one record. */
static void
test_validate_normalizes (void)
{
  g_autoptr(GHashTable) birth =
    values_new ("SO", "0042", "MA_CSKCB", "79001", "HO_TEN_NND", "Nguyễn Thị Lan",
                "SO_CCCD_NND", CLAIMANT, "NGAY_SINH_CON", "8/3/2026", "GIOI_TINH_CON", "Nữ",
                "SO_CON", "2", "SINHCON_PHAUTHUAT", "có", "SINHCON_DUOI32TUAN", "0", NULL);
  g_autoptr(GHashTable) death =
    values_new ("soDangKy", "7", "ngayDangKy", "10/03/2026", "nktHoTen", "Lê Văn Tư",
                "nktNgayChet", "2026-03-08", NULL);
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(JsonNode) fields = cd_paper_document_validate ("birth_certificate", birth, &invalid);
  g_autoptr(JsonNode) death_fields = NULL;
  g_autofree char *text = NULL;

  g_assert_null (invalid);
  g_assert_nonnull (fields);
  text = cd_canonical_json (fields, NULL);
  g_assert_cmpstr (text, ==,
                   "{\"records\":[{\"GIOI_TINH_CON\":\"female\",\"HO_TEN_NND\":\"Nguyễn Thị Lan\","
                   "\"MA_CSKCB\":\"79001\",\"NGAY_SINH_CON\":\"2026-03-08\",\"SINHCON_DUOI32TUAN\":"
                   "false,\"SINHCON_PHAUTHUAT\":true,\"SO\":\"0042\",\"SO_CCCD_NND\":\""
                   CLAIMANT "\",\"SO_CON\":2}],\"root\":\"CHI_TIEU_DU_LIEU_GIAY_CHUNG_SINH\","
                   "\"table\":\"XML9\"}");
  g_clear_pointer (&text, g_free);

  death_fields = cd_paper_document_validate ("death_registration", death, &invalid);
  g_assert_null (invalid);
  text = cd_canonical_json (death_fields, NULL);
  g_assert_cmpstr (text, ==,
                   "{\"envelope\":{},\"event\":\"death\",\"records\":["
                   "{\"ngayDangKy\":\"2026-03-10\",\"nktHoTen\":\"Lê Văn Tư\","
                   "\"nktNgayChet\":\"2026-03-08\",\"soDangKy\":\"7\"}]}");
}

/* --- Saving ----------------------------------------------------------------------------------- */

/* The row is the contract's, raw is the canonical JSON of what was entered, and the log says so. */
static void
test_save_contract (void)
{
  Store store;
  g_autoptr(GHashTable) values = leave_values ("AB-123", "08/09/2026", "2026-09-10", "3");
  g_autoptr(JsonNode) fields = NULL;
  g_autofree char *fields_text = NULL;
  g_autofree char *expected_raw = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) error = NULL;
  CdAuditLogReport report = { 0 };
  gint64 id;

  store_open (&store);
  id = save (&store, fx_officer, "leave_certificate", CLAIMANT, values, 0, NULL,
             "2026-09-11T08:30:00Z");

  fields = cd_paper_document_validate ("leave_certificate", values, NULL);
  fields_text = cd_canonical_json (fields, NULL);
  expected_raw = g_strdup_printf ("{\"entered_at\":\"2026-09-11T08:30:00Z\","
                                  "\"entered_by\":\"cb01\",\"fields\":%s,"
                                  "\"format\":\"claimdesk-paper-1\","
                                  "\"kind\":\"leave_certificate\",\"scan_sha256\":null}",
                                  fields_text);

  sql = g_strdup_printf ("SELECT count(*) FROM documents WHERE id = %lld AND person_id = 1"
                         " AND kind = 'leave_certificate' AND source_system = 'manual'"
                         " AND parent_id IS NULL AND claim_id IS NULL AND url IS NULL"
                         " AND entered_by = %lld AND paper_state = 'unverified'"
                         " AND paper_checked_at IS NULL AND scan_id IS NULL"
                         " AND fetched_at = '2026-09-11T08:30:00Z'"
                         " AND signature_status = 'not_applicable' AND parse_status = 'parsed'"
                         " AND window_from IS NULL",
                         (long long) id, (long long) cd_session_get_user_id (fx_officer));
  g_assert_cmpint (fx_int (&store, sql), ==, 1);
  g_clear_pointer (&sql, g_free);

  sql = g_strdup_printf ("SELECT fields FROM documents WHERE id = %lld", (long long) id);
  assert_text (&store, sql, fields_text);
  g_assert_nonnull (strstr (fields_text, "\"TU_NGAY\":\"2026-09-08\""));
  g_assert_nonnull (strstr (fields_text, "\"SO_NGAY_NGHI\":3"));
  g_assert_nonnull (strstr (fields_text, "\"table\":\"XML11\""));
  g_clear_pointer (&sql, g_free);

  sql = g_strdup_printf ("SELECT CAST (raw AS TEXT) FROM documents WHERE id = %lld",
                         (long long) id);
  raw = fx_text (&store, sql);
  g_assert_cmpstr (raw, ==, expected_raw);
  g_clear_pointer (&sql, g_free);
  sha256 = cd_sha256_hex (raw, strlen (raw));
  sql = g_strdup_printf ("SELECT sha256 FROM documents WHERE id = %lld", (long long) id);
  assert_text (&store, sql, sha256);
  g_clear_pointer (&sql, g_free);

  sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'paper.record'"
                         " AND entity = 'document' AND entity_id = %lld AND user_id = %lld"
                         " AND at = '2026-09-11T08:30:00Z'"
                         " AND json_extract (after, '$.sha256') = '%s'",
                         (long long) id, (long long) cd_session_get_user_id (fx_officer), sha256);
  g_assert_cmpint (fx_int (&store, sql), ==, 1);
  g_assert_true (cd_audit_log_verify (store.db, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.kind, ==, CD_AUDIT_BREAK_NONE);
  cd_audit_log_report_clear (&report);

  /* Linked at once when a claim is named. */
  {
    g_autoptr(GHashTable) other = leave_values ("AB-124", "2026-09-12", "2026-09-12", "1");
    gint64 claim = fx_int (&store, "SELECT id FROM claims WHERE number = 'HS-T-0002'");
    gint64 linked = save (&store, fx_officer, "leave_certificate", CLAIMANT, other, claim, NULL,
                          NULL);

    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT claim_id FROM documents WHERE id = %lld", (long long) linked);
    g_assert_cmpint (fx_int (&store, sql), ==, claim);
  }
  store_close (&store);
}

/* A scan is kept once per content; its type is read from its bytes, and a file too large or of
 * another type is refused by name, saving nothing. */
static void
test_save_scan (void)
{
  Store store;
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr(GHashTable) first = leave_values ("SC-1", "2026-09-08", "2026-09-08", "1");
  g_autoptr(GHashTable) second = leave_values ("SC-2", "2026-09-09", "2026-09-09", "1");
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *fake = g_build_filename (dir, "giay-nghi.png", NULL);
  g_autofree char *big = g_build_filename (dir, "huge.pdf", NULL);
  g_autofree char *pdf = g_build_filename (dir, "scan.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) read = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *sha = cd_sha256_hex (png_bytes, sizeof png_bytes);
  gint64 a, b, before;

  store_open (&store);
  a = save (&store, fx_officer, "leave_certificate", CLAIMANT, first, 0, png, NULL);
  b = save (&store, fx_officer, "leave_certificate", CLAIMANT, second, 0, png, NULL);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM scans"), ==, 1);
  sql = g_strdup_printf ("SELECT count(DISTINCT scan_id) FROM documents WHERE id IN (%lld, %lld)"
                         " AND scan_id = (SELECT id FROM scans WHERE sha256 = '%s'"
                         " AND media_type = 'image/png' AND size = %u AND file_name = 'scan.png')",
                         (long long) a, (long long) b, sha, (guint) sizeof png_bytes);
  g_assert_cmpint (fx_int (&store, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  /* raw names the scan by its hash. */
  sql = g_strdup_printf ("SELECT json_extract (CAST (raw AS TEXT), '$.scan_sha256') FROM documents"
                         " WHERE id = %lld", (long long) b);
  assert_text (&store, sql, sha);

  /* The type is what the bytes say, not the name. */
  g_assert_cmpstr (cd_paper_scan_media_type ((const guint8 *) "\xff\xd8\xff\xe0", 4), ==,
                   "image/jpeg");
  g_assert_cmpstr (cd_paper_scan_media_type ((const guint8 *) "%PDF-1.7", 8), ==,
                   "application/pdf");
  g_assert_null (cd_paper_scan_media_type ((const guint8 *) "GIF89a", 6));
  g_assert_true (g_file_set_contents (fake, "not an image at all", -1, NULL));
  read = cd_paper_scan_read (fake, &error);
  g_assert_null (read);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_SCAN_TYPE);
  g_assert_nonnull (strstr (error->message, "giay-nghi.png"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (pdf, "%PDF-1.4\n%%EOF\n", -1, NULL));
  read = cd_paper_scan_read (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (read), ==, 15);
  g_clear_pointer (&read, g_bytes_unref);

  {
    FILE *file = g_fopen (big, "wb");

    g_assert_nonnull (file);
    fputs ("%PDF-1.4\n", file);
    g_assert_cmpint (fseek (file, CD_PAPER_SCAN_MAX_BYTES, SEEK_SET), ==, 0);
    fputc ('\n', file);
    fclose (file);
  }
  read = cd_paper_scan_read (big, &error);
  g_assert_null (read);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_SCAN_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.pdf"));
  g_assert_nonnull (strstr (error->message, "20 MiB"));
  g_clear_error (&error);

  /* Bytes handed to save are checked too, and nothing is stored. */
  before = fx_int (&store, "SELECT count(*) FROM documents");
  {
    g_autoptr(GBytes) gif = g_bytes_new_static ("GIF89a....", 10);
    g_autoptr(GHashTable) third = leave_values ("SC-3", "2026-09-10", "2026-09-10", "1");
    CdPaperEntry entry = { "leave_certificate", CLAIMANT, third, 0, gif, "anh.gif" };

    g_assert_cmpint (cd_paper_document_save (store.db, fx_officer, &entry, NULL, NULL, &error),
                     ==, 0);
    g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_SCAN_TYPE);
    g_assert_nonnull (strstr (error->message, "anh.gif"));
    g_clear_error (&error);
  }
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents"), ==, before);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM scans"), ==, 1);
  test_tmpdir_free (g_steal_pointer (&dir));
  store_close (&store);
}

/* What is refused is refused whole: invalid fields (with the list), no usable session, an unknown
 * person, another person's claim. */
static void
test_save_refused (void)
{
  Store store;
  g_autoptr(GHashTable) bad = leave_values ("S-9", "2026-02-30", "2026-03-01", "1");
  g_autoptr(GHashTable) good = leave_values ("S-9", "2026-09-08", "2026-09-08", "1");
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) locked = NULL;
  CdPaperEntry entry = { "leave_certificate", CLAIMANT, bad, 0, NULL, NULL };
  gint64 before;

  store_open (&store);
  add_other_person (&store);
  before = fx_int (&store, "SELECT count(*) FROM documents") + fx_int (&store, "SELECT count(*)"
                                                                              " FROM audit_log");

  g_assert_cmpint (cd_paper_document_save (store.db, fx_officer, &entry, NULL, &invalid, &error),
                   ==, 0);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "TU_NGAY: No such date: 2026-02-30"));
  assert_reason (invalid, "TU_NGAY", "No such date");
  g_clear_error (&error);
  g_clear_pointer (&invalid, g_ptr_array_unref);

  entry.values = good;
  g_assert_cmpint (cd_paper_document_save (store.db, fx_admin, &entry, NULL, NULL, &error), ==, 0);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (cd_paper_document_save (store.db, NULL, &entry, NULL, NULL, &error), ==, 0);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  locked = cd_users_sign_in (store.db, "cb02", FIXTURE_PASSWORD, &error);
  g_assert_no_error (error);
  cd_session_lock (locked);
  g_assert_cmpint (cd_paper_document_save (store.db, locked, &entry, NULL, NULL, &error), ==, 0);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  entry.personal_id = "079190999999";
  g_assert_cmpint (cd_paper_document_save (store.db, fx_officer, &entry, NULL, NULL, &error),
                   ==, 0);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_UNKNOWN_PERSON);
  g_assert_nonnull (strstr (error->message, "079190999999"));
  g_clear_error (&error);

  /* Claim 1 is the claimant's, not the other person's. */
  entry.personal_id = OTHER;
  entry.claim_id = 1;
  g_assert_cmpint (cd_paper_document_save (store.db, fx_officer, &entry, NULL, NULL, &error),
                   ==, 0);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_UNKNOWN_CLAIM);
  g_assert_nonnull (strstr (error->message, "HS-T-0001"));
  g_clear_error (&error);
  entry.claim_id = 999;
  g_assert_cmpint (cd_paper_document_save (store.db, fx_officer, &entry, NULL, NULL, &error),
                   ==, 0);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_UNKNOWN_CLAIM);
  g_clear_error (&error);

  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents")
                   + fx_int (&store, "SELECT count(*) FROM audit_log"), ==, before);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM scans"), ==, 0);
  store_close (&store);
}

/* The same job on the writer, as the window runs it. */
static void
test_save_async (void)
{
  Store store;
  g_autoptr(GHashTable) values = leave_values ("AS-1", "2026-09-08", "2026-09-08", "1");
  g_autoptr(GHashTable) bad = leave_values ("AS-2", "2026-09-08", "2026-09-07", "1");
  CdPaperEntry entry = { "leave_certificate", CLAIMANT, values, 0, NULL, NULL };
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  store_open (&store);
  cd_paper_document_save_async (store.db, fx_officer, &entry, NULL, on_fx_result, &result);
  done = fx_wait_result (&result);
  id = cd_paper_document_save_finish (done, &invalid, &error);
  g_assert_no_error (error);
  g_assert_null (invalid);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&done);

  entry.values = bad;
  cd_paper_document_save_async (store.db, fx_officer, &entry, NULL, on_fx_result, &result);
  done = fx_wait_result (&result);
  g_assert_cmpint (cd_paper_document_save_finish (done, &invalid, &error), ==, 0);
  g_assert_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_INVALID);
  assert_reason (invalid, "DEN_NGAY", "To is before From");
  store_close (&store);
}

/* --- Readers ---------------------------------------------------------------------------------- */

/* A paper leave certificate alone proposes sickness for its period; the facts rest on it. */
static void
test_detect_leave (void)
{
  Store store;
  g_autoptr(GHashTable) values = leave_values ("DL-1", "2026-09-08", "2026-09-10", "3");
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(CdFactsDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  CdStoredDocument *stored;
  CdCaseProposal *proposal;
  JsonNode *leave;
  JsonArray *held;
  gboolean found = FALSE;
  gint64 id;

  store_open (&store);
  id = save (&store, fx_officer, "leave_certificate", CLAIMANT, values, 0, NULL,
             "2026-09-11T08:30:00Z");

  documents = cd_stored_documents_load (store.db, CLAIMANT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 1);
  stored = g_ptr_array_index (documents, 0);
  g_assert_cmpint (stored->id, ==, id);
  g_assert_true (stored->paper);
  g_assert_cmpstr (stored->paper_state, ==, "unverified");
  g_assert_cmpstr (stored->entered_by, ==, "Nguyễn Văn An");
  g_assert_cmpstr (stored->entered_at, ==, "2026-09-11T08:30:00Z");
  g_assert_cmpuint (stored->episode, >, 0);
  /* Read like an envelope's table: the record itself. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (stored->fields),
                                                  "SO_SERI"), ==, "DL-1");

  proposals = cd_case_detect (store.db, CLAIMANT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proposals->len, ==, 1);
  proposal = g_ptr_array_index (proposals, 0);
  g_assert_cmpint (proposal->benefit, ==, CD_BENEFIT_SICKNESS);
  g_assert_cmpstr (proposal->from, ==, "2026-09-08");
  g_assert_cmpstr (proposal->to, ==, "2026-09-10");
  g_assert_cmpint (g_array_index (proposal->document_ids, gint64, 0), ==, id);

  draft = cd_facts_build (store.db, CLAIMANT, proposal, "2026-09-20", &error);
  g_assert_no_error (error);
  leave = cd_facts_json_get (draft->facts, "case.leave");
  g_assert_nonnull (leave);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_node_get_array (leave), 0), "from"),
                   ==, "2026-09-08");
  g_assert_cmpint (cd_facts_draft_source_of (draft, "case.leave"), ==, id);
  held = json_node_get_array (cd_facts_json_get (draft->facts, "documents"));
  for (guint i = 0; i < json_array_get_length (held); i++)
    found |= g_str_equal (json_array_get_string_element (held, i), "leave_certificate");
  g_assert_true (found);
  store_close (&store);
}

/* A sick child's certificate, a birth certificate and a birth registration on paper each propose
 * their case. */
static void
test_detect_other_kinds (void)
{
  Store store;
  g_autoptr(GHashTable) child = leave_values ("DC-1", "2026-10-01", "2026-10-02", "2");
  g_autoptr(GHashTable) birth =
    values_new ("SO", "0042", "MA_CSKCB", "79001", "HO_TEN_NND", "Nguyễn Thị Lan",
                "SO_CCCD_NND", CLAIMANT, "NGAY_SINH_CON", "2026-08-01", "SO_CON", "2", NULL);
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(CdFactsDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  gboolean sick_child = FALSE, childbirth = FALSE;
  gint64 birth_id;

  g_hash_table_insert (child, g_strdup ("SO_CCCD"), g_strdup ("079225001234"));
  store_open (&store);
  save (&store, fx_officer, "leave_certificate", CLAIMANT, child, 0, NULL, NULL);
  birth_id = save (&store, fx_officer, "birth_certificate", CLAIMANT, birth, 0, NULL, NULL);

  proposals = cd_case_detect (store.db, CLAIMANT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proposals->len, ==, 2);
  for (guint i = 0; i < proposals->len; i++)
    {
      CdCaseProposal *p = g_ptr_array_index (proposals, i);

      if (p->benefit == CD_BENEFIT_CHILD_SICKNESS)
        {
          g_assert_cmpstr (p->child_id, ==, "079225001234");
          sick_child = TRUE;
        }
      else if (p->benefit == CD_BENEFIT_CHILDBIRTH)
        {
          g_assert_cmpstr (p->event_date, ==, "2026-08-01");
          draft = cd_facts_build (store.db, CLAIMANT, p, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (json_node_get_int (cd_facts_json_get (draft->facts, "case.children")),
                           ==, 2);
          g_assert_cmpint (cd_facts_draft_source_of (draft, "case.birth_date"), ==, birth_id);
          childbirth = TRUE;
        }
    }
  g_assert_true (sick_child && childbirth);
  store_close (&store);

  /* A registration alone. */
  {
    g_autoptr(GHashTable) registration =
      values_new ("soDangKy", "12", "ngayDangKy", "2026-08-05", "nksHoTen", "Lê Minh An",
                  "nksNgaySinh", "2026-08-01", "soDinhDanh", "079226001234",
                  "meSoDDCN", CLAIMANT, NULL);
    g_autoptr(GPtrArray) registered = NULL;
    CdCaseProposal *p;

    store_open (&store);
    save (&store, fx_officer, "birth_registration", CLAIMANT, registration, 0, NULL, NULL);
    registered = cd_case_detect (store.db, CLAIMANT, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (registered->len, ==, 1);
    p = g_ptr_array_index (registered, 0);
    g_assert_cmpint (p->benefit, ==, CD_BENEFIT_CHILDBIRTH);
    g_assert_cmpstr (p->child_id, ==, "079226001234");
    /* A paper is no answer of the civil-status system: it never stands in for one. */
    g_assert_false (cd_evidence_store_latest (store.db, CLAIMANT, CD_EVIDENCE_CIVIL_BIRTHS, NULL,
                                              NULL, NULL, &error));
    g_assert_no_error (error);
    store_close (&store);
  }
}

/* An electronic certificate of the same serial is preferred to the paper one. */
static void
test_prefer_electronic (void)
{
  Store store;
  g_autoptr(GHashTable) values = leave_values ("EL-1", "2026-09-08", "2026-09-10", "3");
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) error = NULL;
  CdStoredDocument *stored;

  store_open (&store);
  fx_exec (&store,
           "INSERT INTO documents (id, person_id, kind, source_system, fetched_at, raw, sha256,"
           " signature_status, parse_status, fields) VALUES"
           " (100, 1, 'envelope', 'medical', '2026-09-10T00:00:00Z', x'00', printf ('%064d', 0),"
           "  'valid', 'parsed', '{}');"
           "INSERT INTO documents (id, person_id, kind, source_system, fetched_at, raw, sha256,"
           " signature_status, parse_status, fields, parent_id) VALUES"
           " (101, 1, 'visit_summary', 'medical', '2026-09-10T00:00:00Z', x'00',"
           "  printf ('%064d', 1), 'valid', 'parsed',"
           "  '{\"MA_LK\":\"1\",\"HO_TEN\":\"X\",\"NGAY_SINH\":\"1990-05-01\","
           "    \"NGAY_VAO\":\"2026-09-08\"}', 100),"
           " (102, 1, 'leave_certificate', 'medical', '2026-09-10T00:00:00Z', x'00',"
           "  printf ('%064d', 2), 'valid', 'parsed',"
           "  '{\"SO_SERI\":\"EL-1\",\"SO_CT\":\"1\",\"SO_NGAY_NGHI\":3,"
           "    \"TU_NGAY\":\"2026-09-08\",\"DEN_NGAY\":\"2026-09-10\"}', 100)");
  save (&store, fx_officer, "leave_certificate", CLAIMANT, values, 0, NULL, NULL);

  documents = cd_stored_documents_load (store.db, CLAIMANT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 2);
  stored = cd_stored_documents_find (documents, "leave_certificate");
  g_assert_cmpint (stored->id, ==, 102);
  g_assert_false (stored->paper);
  g_clear_pointer (&documents, g_ptr_array_unref);

  /* Another paper entered twice (a date corrected): the newer entry stands, once. */
  {
    g_autoptr(GHashTable) first = leave_values ("PP-1", "2026-10-01", "2026-10-02", "2");
    g_autoptr(GHashTable) again = leave_values ("PP-1", "2026-10-01", "2026-10-03", "3");
    gint64 newer;

    save (&store, fx_officer, "leave_certificate", CLAIMANT, first, 0, NULL,
          "2026-10-05T08:00:00Z");
    newer = save (&store, fx_officer, "leave_certificate", CLAIMANT, again, 0, NULL,
                  "2026-10-05T09:00:00Z");
    documents = cd_stored_documents_load (store.db, CLAIMANT, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (documents->len, ==, 3);
    g_assert_cmpint (((CdStoredDocument *) g_ptr_array_index (documents, 2))->id, ==, newer);
  }
  store_close (&store);
}

/* Cross-checks see paper certificates and registrations. */
static void
test_cross_checks (void)
{
  Store store;
  g_autoptr(GHashTable) one = leave_values ("CC-1", "2026-09-08", "2026-09-10", "3");
  g_autoptr(GHashTable) two = leave_values ("CC-2", "2026-09-10", "2026-09-11", "2");
  g_autoptr(GHashTable) reused = leave_values ("CC-1", "2026-10-01", "2026-10-01", "1");
  g_autoptr(GHashTable) death =
    values_new ("soDangKy", "7", "ngayDangKy", "2026-09-20", "nktHoTen", "Nguyễn Thị Lan",
                "nktNgayChet", "2026-09-15", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  gboolean overlap = FALSE, serial = FALSE, dead = FALSE;

  store_open (&store);
  add_other_person (&store);
  save (&store, fx_officer, "leave_certificate", CLAIMANT, one, 0, NULL, NULL);
  save (&store, fx_officer, "leave_certificate", CLAIMANT, two, 0, NULL, NULL);
  save (&store, fx_officer, "leave_certificate", OTHER, reused, 0, NULL, NULL);
  save (&store, fx_officer, "death_registration", CLAIMANT, death, 0, NULL, NULL);

  findings = cd_cross_check (store.db, CLAIMANT, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    {
      CdFinding *finding = g_ptr_array_index (findings, i);

      overlap |= g_str_equal (finding->code, "leave.overlap")
                 && strstr (finding->message_en, "79001") != NULL;
      serial |= g_str_equal (finding->code, "certificate.serial_reused")
                && strstr (finding->message_en, "CC-1") != NULL;
      dead |= g_str_equal (finding->code, "claimant.dead")
              && strstr (finding->message_en, "2026-09-15") != NULL;
    }
  g_assert_true (overlap);
  g_assert_true (serial);
  g_assert_true (dead);
  store_close (&store);
}

/* Linking: a paper table by its date within the claim's period (with the margin), a registration
 * always; the claim view shows who entered it, its state and its scan. */
static void
test_link_and_details (void)
{
  Store store;
  g_autoptr(GBytes) png = g_bytes_new_static (png_bytes, sizeof png_bytes);
  g_autoptr(GHashTable) near = leave_values ("LK-1", "2026-09-08", "2026-09-10", "3");
  g_autoptr(GHashTable) far = leave_values ("LK-2", "2026-03-02", "2026-03-03", "2");
  g_autoptr(GHashTable) registration =
    values_new ("soDangKy", "12", "ngayDangKy", "2020-08-05", "nksHoTen", "Lê Minh An",
                "nksNgaySinh", "2020-08-01", "meSoDDCN", CLAIMANT, NULL);
  g_autoptr(CdClaimDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *sha = cd_sha256_hex (png_bytes, sizeof png_bytes);
  gint64 near_id, far_id, registration_id, claim;
  gboolean seen = FALSE;

  store_open (&store);
  near_id = save (&store, fx_officer, "leave_certificate", CLAIMANT, near, 0, png,
                  "2026-09-11T08:30:00Z");
  far_id = save (&store, fx_officer, "leave_certificate", CLAIMANT, far, 0, NULL, NULL);
  registration_id = save (&store, fx_officer, "birth_registration", CLAIMANT, registration, 0,
                          NULL, NULL);
  claim = fx_int (&store, "SELECT id FROM claims WHERE number = 'HS-T-0001'");

  g_assert_cmpuint (cd_evidence_link_claim (store.db, claim, &error), ==, 2);
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT count(*) FROM documents WHERE claim_id = %lld"
                         " AND id IN (%lld, %lld)", (long long) claim, (long long) near_id,
                         (long long) registration_id);
  g_assert_cmpint (fx_int (&store, sql), ==, 2);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT claim_id IS NULL FROM documents WHERE id = %lld",
                         (long long) far_id);
  g_assert_cmpint (fx_int (&store, sql), ==, 1);

  details = cd_claim_details_load (store.db, "HS-T-0001", fx_officer, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < details->documents->len; i++)
    {
      CdDetailsDocument *d = g_ptr_array_index (details->documents, i);

      if (d->id != near_id)
        continue;
      seen = TRUE;
      g_assert_true (d->paper);
      g_assert_true (d->linked_to_claim);
      g_assert_cmpstr (d->source_system, ==, "manual");
      g_assert_cmpstr (d->paper_state, ==, "unverified");
      g_assert_cmpstr (d->entered_by, ==, "Nguyễn Văn An");
      g_assert_cmpstr (d->entered_at, ==, "2026-09-11T08:30:00Z");
      g_assert_cmpstr (d->scan_sha256, ==, sha);
      g_assert_cmpstr (d->scan_media_type, ==, "image/png");
    }
  g_assert_true (seen);
  store_close (&store);
}

static void
test_provenance (void)
{
  g_autofree char *text = cd_paper_describe_provenance ("Nguyễn Văn An", "2026-09-11T08:30:00Z");

  /* TZ=UTC in the suite. */
  g_assert_cmpstr (text, ==, "Paper, entered by Nguyễn Văn An at 11/09/2026 08:30");
  g_assert_cmpstr (cd_paper_state_describe ("unverified"), ==, "not yet verified");
  g_assert_cmpstr (cd_paper_state_describe ("verified"), ==, "verified");
  g_assert_cmpstr (cd_paper_state_describe ("mismatch"), ==, "does not match");
  g_assert_cmpstr (cd_paper_state_describe ("not_found"), ==, "no electronic record");
}

/* The list the CLI prints. */
static void
test_list (void)
{
  Store store;
  g_autoptr(GHashTable) values = leave_values ("LS-1", "2026-09-08", "2026-09-10", "3");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  CdPaperDocument *d;

  store_open (&store);
  save (&store, fx_officer, "leave_certificate", CLAIMANT, values, 0, NULL,
        "2026-09-11T08:30:00Z");
  list = cd_paper_documents_list (store.db, CLAIMANT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  d = g_ptr_array_index (list, 0);
  g_assert_cmpstr (d->kind, ==, "leave_certificate");
  g_assert_cmpstr (d->entered_by_login, ==, "cb01");
  g_assert_cmpstr (d->entered_at, ==, "2026-09-11T08:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (cd_paper_fields_record (d->fields), "SO_SERI"),
                   ==, "LS-1");
  store_close (&store);
}

/* Offline end to end in core: the medical sources could not be reached (the others answered
 * earlier), the officer records the paper leave certificate, and the case it proposes is built
 * and evaluated by the rules like a fetched one. */
static void
test_evaluate_from_paper (void)
{
  static const char person[] = "046193341472";
  Store store;
  g_autoptr(GPtrArray) responses =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cd_evidence_response_free);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(CdFactsDraft) draft = NULL;
  g_autoptr(CdFacts) facts = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(CdResult) result = NULL;
  g_autoptr(GHashTable) values = leave_values ("OFF-1", "2026-09-14", "2026-09-16", "3");
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();
  g_autoptr(GError) error = NULL;
  CdCaseProposal *proposal;
  JsonArray *held;
  gboolean certificate = FALSE;
  gint64 id;

  store_open (&store);
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      CdEvidenceResponse *response = g_new0 (CdEvidenceResponse, 1);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "new-claim", person,
                                                     cd_evidence_source_to_string (s), NULL);
      char *contents = NULL;
      gsize length = 0;

      response->source = s;
      response->url = g_strdup_printf ("http://127.0.0.1:9/%s", cd_evidence_source_to_string (s));
      response->method = g_strdup ("GET");
      response->fetched_at = g_date_time_new_now_utc ();
      response->attempts = 1;
      /* The medical portal is down: no answer, nothing stored. */
      if (s != CD_EVIDENCE_MEDICAL && s != CD_EVIDENCE_MEDICAL_ASSESSMENT)
        {
          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          response->status = 200;
          response->body = g_bytes_new_take (contents, length);
        }
      g_ptr_array_add (responses, response);
    }
  stored = cd_evidence_store_save (store.db, person, "2025-01-01", "2026-12-31", 0, responses,
                                   NULL, &error);
  g_assert_no_error (error);

  proposals = cd_case_detect (store.db, person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proposals->len, ==, 0);
  g_clear_pointer (&proposals, g_ptr_array_unref);

  id = save (&store, fx_officer, "leave_certificate", person, values, 0, NULL, NULL);
  proposals = cd_case_detect (store.db, person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proposals->len, ==, 1);
  proposal = g_ptr_array_index (proposals, 0);
  g_assert_cmpint (proposal->benefit, ==, CD_BENEFIT_SICKNESS);

  draft = cd_facts_build (store.db, person, proposal, "2026-10-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_facts_draft_source_of (draft, "case.leave"), ==, id);
  facts = cd_facts_parse_node (draft->facts, &error);
  g_assert_no_error (error);
  pack = cd_rule_pack_load (pack_dir, &error);
  g_assert_no_error (error);
  result = cd_rules_evaluate (pack, facts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (result->eligible);
  g_assert_cmpint (cd_result_get_total (result), >, 0);
  held = json_node_get_array (cd_facts_json_get (draft->facts, "documents"));
  for (guint i = 0; i < json_array_get_length (held); i++)
    certificate |= g_str_equal (json_array_get_string_element (held, i), "leave_certificate");
  g_assert_true (certificate);
  store_close (&store);
}

/* --- The command line ------------------------------------------------------------------------- */

static void
test_cli (void)
{
  Store store;
  g_autofree char *scan = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) kinds = NULL;
  JsonObject *first;
  gint64 id;

  store_open (&store);
  scan = g_build_filename (store.dir, "giay.png", NULL);
  g_assert_true (g_file_set_contents (scan, (const char *) png_bytes, sizeof png_bytes, NULL));
  {
    const char *add[] = { "paper", "add", "--db", store.path, "--user", "cb01", "--person",
                          CLAIMANT, "--kind", "leave_certificate", "--claim", "HS-T-0001",
                          "--scan", scan, "SO_SERI=CLI-1", "SO_CT=7", "MA_CSKCB=79001",
                          "TU_NGAY=08/09/2026", "DEN_NGAY=2026-09-10", "SO_NGAY_NGHI=3", NULL };
    const char *bad[] = { "paper", "add", "--db", store.path, "--user", "cb01", "--person",
                          CLAIMANT, "--kind", "leave_certificate", "SO_SERI=CLI-2",
                          "TU_NGAY=2026-02-30", "DEN_NGAY=2026-01-01", "MA_CSKCB=7", NULL };
    const char *list[] = { "paper", "list", "--db", store.path, "--person", CLAIMANT, NULL };
    const char *list_json[] = { "paper", "list", "--db", store.path, "--person", CLAIMANT,
                                "--json", NULL };
    const char *kinds_json[] = { "paper", "kinds", "--json", NULL };
    const char *no_verb[] = { "paper", "remove", NULL };

    g_assert_cmpint (fx_cli (add, "wrong password\n", &out, &err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (fx_cli (add, FIXTURE_PASSWORD "\n", &out, &err), ==, 0);
    id = g_ascii_strtoll (out, NULL, 10);
    g_assert_cmpint (id, >, 0);
    g_assert_cmpuint (test_count_lines (out), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    sql = g_strdup_printf ("SELECT count(*) FROM documents d JOIN scans s ON s.id = d.scan_id"
                           " WHERE d.id = %lld AND d.claim_id = 1 AND d.source_system = 'manual'"
                           " AND s.file_name = 'giay.png' AND d.paper_state = 'unverified'",
                           (long long) id);
    g_assert_cmpint (fx_int (&store, sql), ==, 1);

    /* Each invalid field on a line of its own, with its reason; nothing stored. */
    g_assert_cmpint (fx_cli (bad, FIXTURE_PASSWORD "\n", &out, &err), ==, 2);
    g_assert_cmpuint (test_count_lines (err), ==, 4);
    g_assert_nonnull (strstr (err, "SO_CT: Required\n"));
    g_assert_nonnull (strstr (err, "TU_NGAY: No such date: 2026-02-30\n"));
    g_assert_nonnull (strstr (err, "MA_CSKCB: "));
    g_assert_nonnull (strstr (err, "SO_NGAY_NGHI: Required\n"));
    g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM documents"), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (fx_cli (list, NULL, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "leave_certificate  unverified  Paper, entered by "
                                   "Nguyễn Văn An"));
    g_assert_nonnull (strstr (out, "SO_SERI=CLI-1"));
    g_assert_nonnull (strstr (out, "TU_NGAY=2026-09-08"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (fx_cli (list_json, NULL, &out, &err), ==, 0);
    listed = json_from_string (out, NULL);
    g_assert_nonnull (listed);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
    first = json_array_get_object_element (json_node_get_array (listed), 0);
    g_assert_cmpint (json_object_get_int_member (first, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (first, "entered_by"), ==, "cb01");
    g_assert_cmpstr (json_object_get_string_member (first, "paper_state"), ==, "unverified");
    g_assert_cmpstr (json_object_get_string_member (first, "scan_media_type"), ==, "image/png");
    g_assert_cmpstr (json_object_get_string_member (
                       cd_paper_fields_record (json_object_get_member (first, "fields")),
                       "SO_SERI"), ==, "CLI-1");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (fx_cli (kinds_json, NULL, &out, &err), ==, 0);
    kinds = json_from_string (out, NULL);
    g_assert_nonnull (kinds);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (kinds)), ==, 7);
    first = json_array_get_object_element (json_node_get_array (kinds), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "leave_certificate");
    first = json_array_get_object_element (json_object_get_array_member (first, "fields"), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "code");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (fx_cli (no_verb, NULL, &out, &err), ==, 2);
    g_assert_cmpuint (test_count_lines (err), ==, 1);
  }
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/paper/kinds", test_kinds);
  g_test_add_func ("/paper/validate/every-reason", test_validate_every_reason);
  g_test_add_func ("/paper/validate/across-fields", test_validate_across_fields);
  g_test_add_func ("/paper/validate/normalizes", test_validate_normalizes);
  g_test_add_func ("/paper/save/contract", test_save_contract);
  g_test_add_func ("/paper/save/scan", test_save_scan);
  g_test_add_func ("/paper/save/refused", test_save_refused);
  g_test_add_func ("/paper/save/async", test_save_async);
  g_test_add_func ("/paper/detect/leave", test_detect_leave);
  g_test_add_func ("/paper/detect/other-kinds", test_detect_other_kinds);
  g_test_add_func ("/paper/detect/prefer-electronic", test_prefer_electronic);
  g_test_add_func ("/paper/cross-checks", test_cross_checks);
  g_test_add_func ("/paper/link-and-details", test_link_and_details);
  g_test_add_func ("/paper/provenance", test_provenance);
  g_test_add_func ("/paper/list", test_list);
  g_test_add_func ("/paper/evaluate-from-paper", test_evaluate_from_paper);
  g_test_add_func ("/paper/issued-within-leave", test_issued_within_leave);
  g_test_add_func ("/paper/cli", test_cli);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
