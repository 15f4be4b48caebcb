/* test-alerts.c — the anomaly detector on a small deterministic world, and the alerts' states.
 *
 * The world (world_open): the fixture's office and accounts, its claimant Lan (person 1) and two
 * more people, each with one claim and the leave certificate or contribution record behind it, all
 * of it consistent. Each test plants one pattern into it with plain SQL and checks that the scan
 * finds exactly that, explained with the claims and documents behind it.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-alerts.h"
#include "cd-audit-log.h"
#include "cd-schema.h"
#include "cd-statement.h"
#include "test-util.h"
#include "workflow-fixture.h"

static void
world_open (Store *store)
{
  store_open (store);
  /* The fixture's twelve drafts share Lan's days (a queue, not a world): this world has its own. */
  fx_exec (store,
           "DELETE FROM claims;"
           "INSERT INTO persons (id, personal_id, si_code, full_name, family_name, middle_name,"
           " given_name, name_folded, sex, birth_date, updated_at) VALUES"
           " (2, '079085000001', '7900000002', 'Trần Văn Bình', 'Trần', 'Văn', 'Bình',"
           "  'tran van binh', 'male', '1985-03-02', '2026-11-01T00:00:00Z'),"
           " (3, '079192000003', '7900000003', 'Lê Thị Cúc', 'Lê', 'Thị', 'Cúc',"
           "  'le thi cuc', 'female', '1992-07-09', '2026-11-01T00:00:00Z');"
           "INSERT INTO claims (id, number, benefit, status, claimant_id, claimant_sort, office_id,"
           " officer_id, period_from, period_to, event_date, received_on, created_at, updated_at)"
           " VALUES"
           " (101, 'HS-A-0001', 0, 3, 1, 'nguyen thi hoa lan', 1, 2, '2026-09-08', '2026-09-10',"
           "  NULL, 20260911, '2026-09-11T08:00:00Z', '2026-09-11T08:00:00Z'),"
           " (102, 'HS-A-0002', 0, 1, 2, 'tran van binh', 1, 2, '2026-10-01', '2026-10-03',"
           "  NULL, 20261005, '2026-10-05T08:00:00Z', '2026-10-05T08:00:00Z'),"
           " (103, 'HS-A-0003', 5, 2, 3, 'le thi cuc', 1, 2, '2026-08-15', '2027-02-14',"
           "  '2026-08-15', 20260820, '2026-08-20T08:00:00Z', '2026-08-20T08:00:00Z');");
  /* Lan's certificate, fetched twice for her claim; Bình's, fetched before his claim existed;
   * central's record of Bình; Cúc's contributions since 2024, with a 20 % rise in May 2026. */
  fx_exec (store,
           "INSERT INTO documents (id, claim_id, person_id, kind, source_system, fetched_at, raw,"
           " sha256, signature_status, parse_status, fields) VALUES"
           " (201, 101, 1, 'leave_certificate', 'medical', '2026-09-11T08:00:00Z', x'01',"
           "  printf ('%064d', 201), 'valid', 'parsed',"
           "  '{\"SO_SERI\":\"S001\",\"SO_CT\":\"CT001\",\"TU_NGAY\":\"2026-09-08\","
           "    \"DEN_NGAY\":\"2026-09-10\",\"NGAY_CT\":\"2026-09-08\",\"MA_CSKCB\":\"79001\","
           "    \"MA_BHXH\":\"7912345678\"}'),"
           " (202, 101, 1, 'leave_certificate', 'medical', '2026-09-12T08:00:00Z', x'01',"
           "  printf ('%064d', 202), 'valid', 'parsed',"
           "  '{\"SO_SERI\":\"S001\",\"SO_CT\":\"CT001\",\"TU_NGAY\":\"2026-09-08\","
           "    \"DEN_NGAY\":\"2026-09-10\",\"NGAY_CT\":\"2026-09-08\",\"MA_CSKCB\":\"79001\","
           "    \"MA_BHXH\":\"7912345678\"}'),"
           " (203, NULL, 2, 'leave_certificate', 'medical', '2026-10-04T08:00:00Z', x'01',"
           "  printf ('%064d', 203), 'valid', 'parsed',"
           "  '{\"SO_SERI\":\"S002\",\"SO_CT\":\"CT002\",\"TU_NGAY\":\"2026-10-01\","
           "    \"DEN_NGAY\":\"2026-10-03\",\"NGAY_CT\":\"2026-10-01\",\"MA_CSKCB\":\"79001\","
           "    \"MA_BHXH\":\"7900000002\"}'),"
           " (204, NULL, 2, 'insured_person', 'central', '2026-10-04T08:00:00Z', x'01',"
           "  printf ('%064d', 204), 'not_applicable', 'parsed',"
           "  '{\"si_code\":\"7900000002\",\"full_name\":\"Trần Văn Bình\"}'),"
           " (205, NULL, 3, 'contributions', 'central', '2026-08-18T08:00:00Z', x'01',"
           "  printf ('%064d', 205), 'not_applicable', 'parsed', '{\"months\":[]}');"
           "WITH RECURSIVE m (k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 30)"
           " INSERT INTO contribution_months (person_id, month, si_salary, fetched_at)"
           " SELECT 3, strftime ('%Y-%m', '2024-01-01', '+' || k || ' months'),"
           "        CASE WHEN k >= 28 THEN 9600000 ELSE 8000000 END, '2026-08-18T08:00:00Z'"
           "   FROM m;");
  /* The doctor who signed the certificates; the population register's answer about Bình and its
   * word that Lan is alive, both agreeing with the records; Bình's contributions around his leave.
   */
  fx_exec (store,
           "UPDATE documents SET fields = json_set (fields, '$.MA_BS', 'BS0001',"
           " '$.TEN_BS', 'Phạm Văn Đức') WHERE id IN (201, 202, 203);"
           "INSERT INTO documents (id, claim_id, person_id, kind, source_system, fetched_at, raw,"
           " sha256, signature_status, parse_status, fields) VALUES"
           " (206, NULL, 2, 'citizen', 'population', '2026-10-04T08:00:00Z', x'01',"
           "  printf ('%064d', 206), 'not_applicable', 'parsed',"
           "  '{\"operation\":\"lookup\",\"result\":\"ok\",\"citizen\":{"
           "    \"SoDinhDanh\":\"079085000001\",\"HoVaTen\":{\"Ho\":\"Trần\","
           "    \"ChuDem\":\"Văn\",\"Ten\":\"Bình\"},\"GioiTinh\":\"male\","
           "    \"NgayThangNamSinh\":\"1985-03-02\"}}'),"
           " (207, NULL, 1, 'vital_status', 'population', '2026-09-11T08:00:00Z', x'01',"
           "  printf ('%064d', 207), 'not_applicable', 'parsed',"
           "  '{\"operation\":\"status\",\"result\":\"ok\",\"SoDinhDanh\":\"079190123456\","
           "    \"status\":\"alive\"}');"
           "INSERT INTO contribution_months (person_id, month, si_salary, fetched_at)"
           " SELECT 2, strftime ('%Y-%m', '2026-05-01', '+' || value || ' months'), 7000000,"
           "        '2026-10-04T08:00:00Z' FROM json_each ('[0,1,2,3,4,5,6]');");
}

/* Adds a parsed leave certificate; returns its id. */
static gint64
add_certificate (Store      *store,
                 const char *person,
                 const char *claim,
                 const char *serial,
                 const char *from,
                 const char *to,
                 const char *facility)
{
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO documents (claim_id, person_id, kind, source_system, fetched_at, raw, sha256,"
      " signature_status, parse_status, fields) VALUES (%s, %s, 'leave_certificate', 'medical',"
      " '2026-11-20T08:00:00Z', x'02', printf ('%%064d', 1000 + (SELECT count (*) FROM documents)),"
      " 'valid', 'parsed', json_object ('SO_SERI', '%s', 'SO_CT', 'CT-' || '%s', 'TU_NGAY', '%s',"
      " 'DEN_NGAY', '%s', 'NGAY_CT', '%s', 'MA_CSKCB', '%s'))",
      claim, person, serial, serial, from, to, from, facility);

  fx_exec (store, sql);
  return fx_int (store, "SELECT max (id) FROM documents");
}

static GPtrArray *
scan_and_list (Store       *store,
               CdAlertScan *result)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *alerts;

  g_assert_true (cd_alerts_scan (store->db, result, &error));
  g_assert_no_error (error);
  alerts = cd_alerts_list (store->db, TRUE, CD_ALERT_NEW, &error);
  g_assert_no_error (error);
  return alerts;
}

static CdAlert *
find (GPtrArray  *alerts,
      const char *kind,
      const char *subject)
{
  for (guint i = 0; i < alerts->len; i++)
    {
      CdAlert *alert = g_ptr_array_index (alerts, i);
      if (g_str_equal (alert->kind, kind) && g_str_equal (alert->subject, subject))
        return alert;
    }
  g_assert_not_reached ();
}

static void
assert_names (const char *text,
              const char *what)
{
  if (strstr (text, what) == NULL)
    g_error ("“%s” does not name %s", text, what);
}

static void
test_clean_world (void)
{
  Store store;
  CdAlertScan result = { 99, 99 };
  g_autoptr(GPtrArray) alerts = NULL;

  world_open (&store);
  alerts = scan_and_list (&store, &result);
  for (guint i = 0; i < alerts->len; i++)
    g_printerr ("unexpected: %s\n", ((CdAlert *) g_ptr_array_index (alerts, i))->explanation_en);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_assert_cmpuint (result.n_found, ==, 0);
  g_assert_cmpuint (result.n_new, ==, 0);
  store_close (&store);
}

static void
test_two_si_codes (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  CdAlert *alert;

  world_open (&store);
  /* Central answers Bình's citizen ID with another SI code than the one on record. */
  fx_exec (&store, "UPDATE documents SET fields = json_set (fields, '$.si_code', '7900000099')"
                   " WHERE id = 204");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "identity.two_si_codes", "079085000001");
  g_assert_cmpstr (alert->subject_kind, ==, "person");
  /* The certificate naming the code on record, and central's record naming the other. */
  g_assert_cmpstr (alert->documents, ==, "[203,204]");
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0002\"]");
  assert_names (alert->explanation_en, "7900000002");
  assert_names (alert->explanation_en, "7900000099");
  assert_names (alert->explanation_vi, "204");
  store_close (&store);
}

static void
test_shared_si_code (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  CdAlert *alert;

  world_open (&store);
  /* Cúc's certificate carries Lan's SI code. */
  add_certificate (&store, "3", "NULL", "S300", "2026-06-01", "2026-06-03", "79002");
  fx_exec (&store, "UPDATE documents SET fields = json_set (fields, '$.MA_BHXH', '7912345678')"
                   " WHERE id = (SELECT max (id) FROM documents)");
  alerts = scan_and_list (&store, &result);
  alert = find (alerts, "identity.shared_si_code", "7912345678");
  g_assert_cmpstr (alert->subject_kind, ==, "si_code");
  assert_names (alert->explanation_en, "079190123456");
  assert_names (alert->explanation_en, "079192000003");
  assert_names (alert->claims, "HS-A-0001");
  assert_names (alert->claims, "HS-A-0003");
  /* The same record seen from Cúc's side: two SI codes for one citizen. */
  find (alerts, "identity.two_si_codes", "079192000003");
  g_assert_cmpuint (alerts->len, ==, 2);
  store_close (&store);
}

static void
test_serial_reused (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autofree char *documents = NULL;
  CdAlert *alert;
  gint64 id;

  world_open (&store);
  /* Lan's serial S001 again, on a certificate for Cúc in June. */
  id = add_certificate (&store, "3", "NULL", "S001", "2026-06-01", "2026-06-03", "79002");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "certificate.serial_reused", "S001");
  documents = g_strdup_printf ("[201,202,%" G_GINT64_FORMAT "]", id);
  g_assert_cmpstr (alert->documents, ==, documents);
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0001\"]");
  assert_names (alert->explanation_en, "079190123456 2026-09-08→2026-09-10");
  assert_names (alert->explanation_en, "079192000003 2026-06-01→2026-06-03");
  assert_names (alert->explanation_vi, "S001");
  store_close (&store);
}

static void
test_overlap (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autofree char *documents = NULL;
  CdAlert *alert;
  gint64 id;

  world_open (&store);
  /* A second certificate for Lan over two of the same days, from another facility; and a second
   * claim of Bình's over his leave. */
  id = add_certificate (&store, "1", "NULL", "S009", "2026-09-09", "2026-09-12", "79002");
  fx_exec (&store,
           "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort, office_id,"
           " officer_id, period_from, period_to, received_on, created_at, updated_at) VALUES"
           " ('HS-A-0004', 1, 0, 2, 'tran van binh', 1, 2, '2026-10-03', '2026-10-06', 20261007,"
           "  '2026-10-07T08:00:00Z', '2026-10-07T08:00:00Z')");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 2);

  alert = find (alerts, "leave.overlap", "079190123456");
  g_assert_cmpstr (alert->detail, ==, "certificate:S001|certificate:S009");
  documents = g_strdup_printf ("[201,202,%" G_GINT64_FORMAT "]", id);
  g_assert_cmpstr (alert->documents, ==, documents);
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0001\"]");
  assert_names (alert->explanation_en, "certificate:S009 (2026-09-09 → 2026-09-12)");

  alert = find (alerts, "leave.overlap", "079085000001");
  g_assert_cmpstr (alert->detail, ==, "claim:HS-A-0002|claim:HS-A-0004");
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0002\",\"HS-A-0004\"]");
  assert_names (alert->explanation_vi, "Trần Văn Bình");
  store_close (&store);
}

static void
test_facility_volume (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) documents = NULL;
  CdAlert *alert;

  world_open (&store);
  /* Five certificates from facility 79003 on 2 November, for people not in the store. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *serial = g_strdup_printf ("V%03u", i);
      add_certificate (&store, "NULL", "NULL", serial, "2026-11-02", "2026-11-04", "79003");
    }
  /* Under the default norm that is an ordinary day. */
  g_assert_cmpint (cd_alerts_get_facility_norm (store.db), ==, CD_DEFAULT_ALERT_FACILITY_NORM);
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 0);

  /* Only an administrator sets the norm, at least 1, audited. */
  g_assert_false (cd_alerts_set_facility_norm (store.db, fx_sup1, 4, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cd_alerts_set_facility_norm (store.db, fx_admin, 0, &error));
  g_assert_error (error, CD_ALERTS_ERROR, CD_ALERTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (cd_alerts_set_facility_norm (store.db, fx_admin, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_alerts_get_facility_norm (store.db), ==, 4);
  g_assert_cmpint (fx_int (&store, "SELECT count (*) FROM audit_log WHERE action ="
                                   " 'settings.change' AND after LIKE '%facility_daily_norm%'"),
                   ==, 1);

  after = scan_and_list (&store, &result);
  g_assert_cmpuint (after->len, ==, 1);
  alert = find (after, "facility.leave_volume", "79003");
  g_assert_cmpstr (alert->detail, ==, "2026-11-02");
  documents = json_from_string (alert->documents, NULL);
  g_assert_cmpint (json_array_get_length (json_node_get_array (documents)), ==, 5);
  assert_names (alert->explanation_en, "issued 5 leave certificates on 2026-11-02");
  assert_names (alert->explanation_en, "norm of 4 a day");
  store_close (&store);
}

static void
test_facility_peers (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  CdAlert *alert;

  world_open (&store);
  /* 120 ordinary facility-days (one certificate each, 99th percentile 1), then one facility
   * issuing 4 in a day: under the norm of 40, but more than 3 times its peers'. */
  fx_exec (&store,
           "WITH RECURSIVE n (k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < 119)"
           " INSERT INTO documents (kind, source_system, fetched_at, raw, sha256, signature_status,"
           " parse_status, fields)"
           " SELECT 'leave_certificate', 'medical', '2026-11-20T08:00:00Z', x'03',"
           "        printf ('%064d', 5000 + k), 'valid', 'parsed',"
           "        json_object ('SO_SERI', 'P' || k, 'TU_NGAY', date ('2026-06-01', '+' || (k % 30)"
           "                     || ' days'), 'DEN_NGAY', date ('2026-06-03', '+' || (k % 30)"
           "                     || ' days'), 'MA_CSKCB', 'F' || (k / 30))"
           "   FROM n");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *serial = g_strdup_printf ("Q%03u", i);
      add_certificate (&store, "NULL", "NULL", serial, "2026-11-02", "2026-11-03", "79004");
    }
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "facility.leave_volume", "79004");
  assert_names (alert->explanation_en, "more than 3 times its peers' 99th percentile (1 a day)");
  store_close (&store);
}

static void
test_contributions (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  CdAlert *alert;

  world_open (&store);
  /* Cúc's salary doubles in June 2026, two months before the birth. */
  fx_exec (&store, "UPDATE contribution_months SET si_salary = 19200000"
                   " WHERE person_id = 3 AND month >= '2026-06'");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "contributions.salary_jump", "079192000003");
  g_assert_cmpstr (alert->detail, ==, "HS-A-0003");
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0003\"]");
  g_assert_cmpstr (alert->documents, ==, "[205]");
  assert_names (alert->explanation_en, "rose 100 % in 2026-06 (from 9600000 to 19200000 VND)");
  assert_names (alert->explanation_en, "birth on 2026-08-15");
  store_close (&store);

  world_open (&store);
  /* Lan's record goes back to 2024, Cúc's now starts in April 2026, four months before the
   * birth (her contributions document was fetched for a window from 2024). */
  fx_exec (&store, "DELETE FROM contribution_months WHERE person_id = 3 AND month < '2026-04';"
                   "UPDATE documents SET window_from = '2024-01-01' WHERE id = 205;"
                   "INSERT INTO contribution_months (person_id, month, si_salary, fetched_at)"
                   " VALUES (1, '2024-01', 7000000, '2026-08-18T08:00:00Z')");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "contributions.start_before_birth", "079192000003");
  assert_names (alert->explanation_en, "started contributing in 2026-04");
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0003\"]");
  g_assert_cmpstr (alert->documents, ==, "[205]");
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* Fetched only from April: where her contributions began is not known, so nothing is said. */
  fx_exec (&store, "UPDATE documents SET window_from = '2026-04-01' WHERE id = 205");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 0);
  store_close (&store);
}

static void
test_rescan_and_states (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) referred = NULL;
  g_autoptr(GError) error = NULL;
  CdAuditLogReport report = { 0 };
  CdAlert *alert;
  gint64 id;

  world_open (&store);
  add_certificate (&store, "3", "NULL", "S001", "2026-06-01", "2026-06-03", "79002");
  add_certificate (&store, "1", "NULL", "S009", "2026-09-09", "2026-09-12", "79002");
  first = scan_and_list (&store, &result);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpuint (result.n_found, ==, 2);
  g_assert_cmpuint (result.n_new, ==, 2);
  id = find (first, "leave.overlap", "079190123456")->id;

  /* An officer may not change a state; a supervisor may, audited in the same transaction. */
  g_assert_false (cd_alerts_set_state (store.db, fx_officer, id, CD_ALERT_REFERRED, NULL, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cd_alerts_set_state (store.db, fx_sup1, 999, CD_ALERT_LOOKED_AT, NULL, &error));
  g_assert_error (error, CD_ALERTS_ERROR, CD_ALERTS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cd_alerts_set_state (store.db, fx_sup1, id, CD_ALERT_LOOKED_AT, NULL, &error));
  g_assert_true (cd_alerts_set_state (store.db, fx_sup1, id, CD_ALERT_REFERRED,
                                      "Hai cơ sở cấp giấy trùng ngày: chuyển thanh tra", &error));
  g_assert_no_error (error);
  /* The same state and note again changes nothing. */
  g_assert_true (cd_alerts_set_state (store.db, fx_sup2, id, CD_ALERT_REFERRED, NULL, &error));
  g_assert_cmpint (fx_int (&store, "SELECT count (*) FROM audit_log WHERE action = 'alert.state'"),
                   ==, 2);
  g_assert_cmpint (fx_int (&store, "SELECT count (*) FROM audit_log WHERE action = 'alert.state'"
                                   " AND json_extract (before, '$.state') = 'looked_at'"
                                   " AND json_extract (after, '$.state') = 'referred'"
                                   " AND json_extract (after, '$.note') LIKE 'Hai cơ sở%'"),
                   ==, 1);

  /* Scanning again finds the same alerts, keeps the state, note and who changed it. */
  second = scan_and_list (&store, &result);
  g_assert_cmpuint (result.n_found, ==, 2);
  g_assert_cmpuint (result.n_new, ==, 0);
  g_assert_cmpuint (second->len, ==, first->len);
  for (guint i = 0; i < first->len; i++)
    {
      CdAlert *a = g_ptr_array_index (first, i);
      CdAlert *b = find (second, a->kind, a->subject);
      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpstr (a->detail, ==, b->detail);
      g_assert_cmpstr (a->claims, ==, b->claims);
      g_assert_cmpstr (a->documents, ==, b->documents);
      g_assert_cmpstr (a->explanation_vi, ==, b->explanation_vi);
      g_assert_cmpstr (a->first_seen, ==, b->first_seen);
    }
  alert = find (second, "leave.overlap", "079190123456");
  g_assert_cmpint (alert->state, ==, CD_ALERT_REFERRED);
  g_assert_cmpstr (alert->note, ==, "Hai cơ sở cấp giấy trùng ngày: chuyển thanh tra");
  g_assert_cmpint (alert->changed_by, ==, cd_session_get_user_id (fx_sup1));
  referred = cd_alerts_list (store.db, FALSE, CD_ALERT_REFERRED, &error);
  g_assert_cmpuint (referred->len, ==, 1);

  /* Once what raised them is gone, a new alert goes and a referred one stays. */
  fx_exec (&store, "DELETE FROM documents WHERE json_extract (fields, '$.SO_SERI') = 'S009'"
                   " OR json_extract (fields, '$.TU_NGAY') = '2026-06-01'");
  g_clear_pointer (&second, g_ptr_array_unref);
  second = scan_and_list (&store, &result);
  g_assert_cmpuint (result.n_found, ==, 0);
  g_assert_cmpuint (second->len, ==, 1);
  g_assert_cmpint (((CdAlert *) g_ptr_array_index (second, 0))->id, ==, id);

  g_assert_true (cd_audit_log_verify (store.db, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.kind, ==, CD_AUDIT_BREAK_NONE);
  cd_audit_log_report_clear (&report);
  store_close (&store);
}

static void
test_visibility_and_history (void)
{
  Store store;
  CdAlertScan scan;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *pending = NULL;
  CdAlertDocument *document;
  CdAlertChange *change;
  gint64 count = -1;
  gint64 id;

  world_open (&store);
  /* The world's claims are cb01's; a second certificate overlaps Lan's leave. */
  g_assert_cmpint (fx_int (&store, "SELECT count (DISTINCT officer_id) FROM claims"), ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT officer_id FROM claims LIMIT 1"), ==,
                   cd_session_get_user_id (fx_officer));
  add_certificate (&store, "1", "NULL", "S009", "2026-09-09", "2026-09-12", "79002");
  alerts = scan_and_list (&store, &scan);
  g_assert_cmpuint (alerts->len, ==, 1);
  id = ((CdAlert *) g_ptr_array_index (alerts, 0))->id;

  /* The officer working the claim sees it, another officer does not, a supervisor does. */
  g_assert_true (cd_alerts_can_see (store.db, fx_officer, g_ptr_array_index (alerts, 0)));
  g_assert_false (cd_alerts_can_see (store.db, fx_officer2, g_ptr_array_index (alerts, 0)));
  g_assert_true (cd_alerts_can_see (store.db, fx_sup3, g_ptr_array_index (alerts, 0)));
  mine = cd_alerts_list_for (store.db, fx_officer, TRUE, CD_ALERT_NEW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 1);
  theirs = cd_alerts_list_for (store.db, fx_officer2, TRUE, CD_ALERT_NEW, &error);
  g_assert_cmpuint (theirs->len, ==, 0);

  g_assert_cmpint (cd_alerts_count_for_claim (store.db, "HS-A-0001", &error), ==, 1);
  g_assert_cmpint (cd_alerts_count_for_claim (store.db, "HS-A-0002", &error), ==, 0);
  g_assert_no_error (error);
  /* The sidebar's badge: new alerts, an officer's own. */
  g_assert_true (cd_alerts_count_new (store.db, cd_session_get_user_id (fx_officer), &count,
                                      &error));
  g_assert_cmpint (count, ==, 1);
  g_assert_true (cd_alerts_count_new (store.db, cd_session_get_user_id (fx_officer2), &count,
                                      &error));
  g_assert_cmpint (count, ==, 0);
  g_assert_true (cd_alerts_count_new (store.db, -1, &count, &error));
  g_assert_cmpint (count, ==, 1);

  /* Its history is its audit entries, with who made each change. */
  history = cd_alerts_history (store.db, id, &error);
  g_assert_cmpuint (history->len, ==, 0);
  g_clear_pointer (&history, g_ptr_array_unref);
  g_assert_true (cd_alerts_set_state (store.db, fx_sup1, id, CD_ALERT_LOOKED_AT, NULL, &error));
  g_assert_true (cd_alerts_set_state (store.db, fx_sup2, id, CD_ALERT_EXPLAINED,
                                      "Hai lần khám ở hai cơ sở", &error));
  g_assert_no_error (error);
  history = cd_alerts_history (store.db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  change = g_ptr_array_index (history, 1);
  g_assert_cmpstr (change->state_before, ==, "looked_at");
  g_assert_cmpstr (change->state_after, ==, "explained");
  g_assert_cmpstr (change->note, ==, "Hai lần khám ở hai cơ sở");
  g_assert_cmpstr (change->user_name, ==, "Phạm Thị Dung");
  g_assert_cmpint (change->user_id, ==, cd_session_get_user_id (fx_sup2));
  g_assert_null (((CdAlertChange *) g_ptr_array_index (history, 0))->note);
  g_assert_true (cd_alerts_count_new (store.db, -1, &count, &error));
  g_assert_cmpint (count, ==, 0);

  /* The documents behind it, as the view names them. */
  documents = cd_alerts_documents (store.db, g_ptr_array_index (alerts, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 3);
  document = g_ptr_array_index (documents, 0);
  g_assert_cmpint (document->id, ==, 201);
  g_assert_cmpstr (document->kind, ==, "leave_certificate");
  g_assert_cmpstr (document->source_system, ==, "medical");
  g_assert_cmpstr (document->claim_number, ==, "HS-A-0001");
  g_assert_null (((CdAlertDocument *) g_ptr_array_index (documents, 2))->claim_number);

  /* On the writer's thread, as the window changes it. */
  cd_alerts_set_state_async (store.db, fx_sup1, id, CD_ALERT_REFERRED, "Chuyển thanh tra", NULL,
                             on_fx_result, &pending);
  result = fx_wait_result (&pending);
  g_assert_true (cd_alerts_set_state_finish (result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count (*) FROM audit_log WHERE action = 'alert.state'"
                                   " AND json_extract (after, '$.note') = 'Chuyển thanh tra'"),
                   ==, 1);
  g_clear_object (&result);
  cd_alerts_set_state_async (store.db, fx_officer, id, CD_ALERT_NEW, NULL, NULL, on_fx_result,
                             &pending);
  result = fx_wait_result (&pending);
  g_assert_false (cd_alerts_set_state_finish (result, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  store_close (&store);
}

static void
test_scan_async (void)
{
  Store store;
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CdAlertScan scan = { 0 };

  world_open (&store);
  add_certificate (&store, "1", "NULL", "S009", "2026-09-09", "2026-09-12", "79002");
  cd_alerts_scan_async (store.db, NULL, on_fx_result, &pending);
  result = fx_wait_result (&pending);
  g_assert_true (cd_alerts_scan_finish (result, &scan, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (scan.n_found, ==, 1);
  g_assert_cmpuint (scan.n_new, ==, 1);
  g_assert_cmpint (fx_int (&store, "SELECT count (*) FROM alerts WHERE kind = 'leave.overlap'"),
                   ==, 1);
  store_close (&store);
}

static void
test_population_mismatch (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  CdAlert *alert;

  world_open (&store);
  /* The register knows Bình as Bính, born on the 12th. */
  fx_exec (&store, "UPDATE documents SET fields = json_set (fields,"
                   " '$.citizen.HoVaTen.Ten', 'Bính',"
                   " '$.citizen.NgayThangNamSinh', '1985-03-12') WHERE id = 206");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 2);
  for (guint i = 0; i < alerts->len; i++)
    {
      alert = g_ptr_array_index (alerts, i);
      g_assert_cmpstr (alert->kind, ==, "identity.population_mismatch");
      g_assert_cmpstr (alert->subject, ==, "079085000001");
      g_assert_cmpstr (alert->documents, ==, "[206]");
      g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0002\"]");
      if (g_str_equal (alert->detail, "name"))
        {
          assert_names (alert->explanation_en, "“Trần Văn Bình” on the person record");
          assert_names (alert->explanation_en, "“Trần Văn Bính” in the population register");
          assert_names (alert->explanation_vi, "Họ tên");
        }
      else
        {
          g_assert_cmpstr (alert->detail, ==, "birth_date");
          assert_names (alert->explanation_en, "“1985-03-02” on the person record and "
                                               "“1985-03-12”");
        }
    }
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* Written without accents, or only the year known: the same person. Another sex is not. */
  fx_exec (&store, "UPDATE documents SET fields = json_set (fields,"
                   " '$.citizen.HoVaTen', json_object ('full', ' Tran  Van Binh'),"
                   " '$.citizen.NgayThangNamSinh', '1985', '$.citizen.GioiTinh', 'female')"
                   " WHERE id = 206");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "identity.population_mismatch", "079085000001");
  g_assert_cmpstr (alert->detail, ==, "sex");
  assert_names (alert->explanation_vi, "là “nam”, trong cơ sở dữ liệu quốc gia về dân cư là “nữ”");
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* An answer about a relative (another personal ID) says nothing about Bình. */
  fx_exec (&store, "UPDATE documents SET fields = json_set (fields, '$.citizen.SoDinhDanh',"
                   " '079185000009') WHERE id = 206");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 0);
  store_close (&store);
}

static void
test_reported_dead (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  CdAlert *alert;

  world_open (&store);
  /* The register says Bình died on 20 September; his leave claim begins on 1 October. Lan was
   * reported dead once, then alive in a newer answer: the newest counts. */
  fx_exec (&store,
           "INSERT INTO documents (id, person_id, kind, source_system, fetched_at, raw, sha256,"
           " signature_status, parse_status, fields) VALUES"
           " (301, 2, 'vital_status', 'population', '2026-10-04T09:00:00Z', x'01',"
           "  printf ('%064d', 301), 'not_applicable', 'parsed',"
           "  json_object ('SoDinhDanh', '079085000001', 'status', 'dead',"
           "               'NgayChet', '2026-09-20')),"
           " (302, 1, 'vital_status', 'population', '2026-09-01T09:00:00Z', x'01',"
           "  printf ('%064d', 302), 'not_applicable', 'parsed',"
           "  json_object ('SoDinhDanh', '079190123456', 'status', 'dead',"
           "               'NgayChet', '2026-08-01'))");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "person.reported_dead", "079085000001");
  g_assert_cmpstr (alert->documents, ==, "[301]");
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0002\"]");
  assert_names (alert->explanation_en, "is dead in the register (died 2026-09-20");
  assert_names (alert->explanation_en, "Claims whose leave begins after the death: HS-A-0002.");
  assert_names (alert->explanation_en, "Payouts after the death: none.");
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* A death registration names Cúc, after her birth claim; and a child of Bình's, dead before
   * the sick-child leave claimed for him. */
  fx_exec (&store,
           "DELETE FROM documents WHERE id = 301;"
           "INSERT INTO documents (id, person_id, kind, source_system, fetched_at, raw, sha256,"
           " signature_status, parse_status, fields) VALUES"
           " (303, 3, 'death_registration', 'civil_status', '2026-12-02T09:00:00Z', x'01',"
           "  printf ('%064d', 303), 'valid', 'parsed',"
           "  json_object ('records', json_array (json_object ('nktHoTen', 'Lê Thị Cúc',"
           "                'nktSoGiayTo', '079192000003', 'nktNgayChet', '2026-12-01'))));"
           "INSERT INTO persons (id, personal_id, full_name, family_name, middle_name, given_name,"
           " name_folded, sex, birth_date, death_date, updated_at) VALUES"
           " (4, '079224000004', 'Trần Văn An', 'Trần', 'Văn', 'An', 'tran van an', 'male',"
           "  '2024-02-02', '2026-10-15', '2026-11-01T00:00:00Z');"
           "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort, child_id,"
           " office_id, officer_id, period_from, period_to, received_on, created_at, updated_at)"
           " VALUES ('HS-A-0005', 1, 1, 2, 'tran van binh', 4, 1, 2, '2026-11-02', '2026-11-04',"
           "  20261105, '2026-11-05T08:00:00Z', '2026-11-05T08:00:00Z')");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 2);
  alert = find (alerts, "person.reported_dead", "079192000003");
  g_assert_cmpstr (alert->documents, ==, "[303]");
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0003\"]");
  assert_names (alert->explanation_vi, "ngày chết 2026-12-01");
  assert_names (alert->explanation_en, "begins after the death: none");
  alert = find (alerts, "person.reported_dead", "079224000004");
  g_assert_cmpstr (alert->documents, ==, "[]");
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0005\"]");
  assert_names (alert->explanation_en, "Trần Văn An (079224000004) is dead in the register "
                                       "(died 2026-10-15");
  store_close (&store);
}

static void
test_unpaid_month (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  CdAlert *alert;

  world_open (&store);
  /* No contribution for Bình in October, the month of his three days of sick leave. */
  fx_exec (&store, "DELETE FROM contribution_months WHERE person_id = 2 AND month = '2026-10'");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "leave.unpaid_month", "079085000001");
  g_assert_cmpstr (alert->detail, ==, "claim:HS-A-0002|2026-10");
  g_assert_cmpstr (alert->claims, ==, "[\"HS-A-0002\"]");
  assert_names (alert->explanation_en, "3 days of them in 2026-10");
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* Twenty days of leave explain the month without contributions. */
  fx_exec (&store, "UPDATE claims SET period_to = '2026-10-20' WHERE id = 102");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* A certificate of no claim, in a month after the last one known: not a gap, nothing said. */
  fx_exec (&store, "UPDATE claims SET period_to = '2026-10-03' WHERE id = 102;"
                   "INSERT INTO contribution_months (person_id, month, si_salary, fetched_at)"
                   " VALUES (2, '2026-10', 7000000, '2026-10-04T08:00:00Z')");
  add_certificate (&store, "2", "NULL", "S210", "2026-12-01", "2026-12-02", "79001");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* With January known, December is a gap and the certificate is named. */
  fx_exec (&store, "INSERT INTO contribution_months (person_id, month, si_salary, fetched_at)"
                   " VALUES (2, '2027-01', 7000000, '2027-02-04T08:00:00Z')");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "leave.unpaid_month", "079085000001");
  g_assert_cmpstr (alert->detail, ==, "certificate:S210|2026-12");
  g_assert_cmpstr (alert->claims, ==, "[]");
  store_close (&store);
}

static void
test_doctor_volume (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;
  CdAlert *alert;

  world_open (&store);
  /* Doctor BS0002 signs three certificates on 2 November (at two facilities). */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *serial = g_strdup_printf ("D%03u", i);
      add_certificate (&store, "NULL", "NULL", serial, "2026-11-02", "2026-11-03",
                       i == 0 ? "79005" : "79006");
      fx_exec (&store, "UPDATE documents SET fields = json_set (fields, '$.MA_BS', 'BS0002',"
                       " '$.TEN_BS', 'Võ Thị Hạnh') WHERE id = (SELECT max (id) FROM documents)");
    }
  g_assert_cmpint (cd_alerts_get_doctor_norm (store.db), ==,
                   CD_DEFAULT_ALERT_DOCTOR_NORM);
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);

  g_assert_false (cd_alerts_set_doctor_norm (store.db, fx_sup1, 2, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_true (cd_alerts_set_doctor_norm (store.db, fx_admin, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_alerts_get_doctor_norm (store.db), ==, 2);
  /* The facilities' norm is another setting. */
  g_assert_cmpint (cd_alerts_get_facility_norm (store.db), ==, CD_DEFAULT_ALERT_FACILITY_NORM);
  g_assert_cmpint (fx_int (&store, "SELECT count (*) FROM audit_log WHERE action ="
                                   " 'settings.change' AND after LIKE '%doctor_daily_norm%'"),
                   ==, 1);

  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "doctor.leave_volume", "BS0002");
  g_assert_cmpstr (alert->subject_kind, ==, "doctor");
  g_assert_cmpstr (alert->detail, ==, "2026-11-02");
  assert_names (alert->explanation_en, "Doctor BS0002 (Võ Thị Hạnh) issued 3 leave certificates "
                                       "on 2026-11-02, more than the office's norm of 2 a day");
  store_close (&store);
}

static void
test_doctor_peers (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  CdAlert *alert;

  world_open (&store);
  /* 120 doctor-days of one certificate each, then a doctor signing 4 in a day. */
  fx_exec (&store,
           "WITH RECURSIVE n (k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < 119)"
           " INSERT INTO documents (kind, source_system, fetched_at, raw, sha256, signature_status,"
           " parse_status, fields)"
           " SELECT 'leave_certificate', 'medical', '2026-11-20T08:00:00Z', x'03',"
           "        printf ('%064d', 5000 + k), 'valid', 'parsed',"
           "        json_object ('SO_SERI', 'P' || k,"
           "                     'TU_NGAY', date ('2026-06-01', '+' || (k % 30) || ' days'),"
           "                     'DEN_NGAY', date ('2026-06-02', '+' || (k % 30)"
           "                     || ' days'), 'MA_CSKCB', 'F' || k, 'MA_BS', 'B' || (k / 30))"
           "   FROM n");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *serial = g_strdup_printf ("Q%03u", i);
      add_certificate (&store, "NULL", "NULL", serial, "2026-11-02", "2026-11-03",
                       i < 2 ? "79007" : "79008");
      fx_exec (&store, "UPDATE documents SET fields = json_set (fields, '$.MA_BS', 'BS0003')"
                       " WHERE id = (SELECT max (id) FROM documents)");
    }
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "doctor.leave_volume", "BS0003");
  assert_names (alert->explanation_en, "Doctor BS0003 issued 4 leave certificates on 2026-11-02, "
                                       "more than 3 times its peers' 99th percentile (1 a day)");
  store_close (&store);
}

static void
test_long_leave (void)
{
  Store store;
  CdAlertScan result;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autofree char *documents = NULL;
  CdAlert *alert;
  gint64 id;

  world_open (&store);
  /* Thirty days is the most one certificate gives: one of 30 is ordinary, one of 31 is not. */
  add_certificate (&store, "3", "NULL", "L030", "2026-05-01", "2026-05-30", "79002");
  id = add_certificate (&store, "3", "NULL", "L031", "2026-06-01", "2026-07-01", "79002");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = find (alerts, "certificate.long_leave", "L031");
  g_assert_cmpstr (alert->subject_kind, ==, "certificate");
  documents = g_strdup_printf ("[%" G_GINT64_FORMAT "]", id);
  g_assert_cmpstr (alert->documents, ==, documents);
  assert_names (alert->explanation_en, "(079192000003, 2026-06-01 → 2026-07-01) gives 31 days");
  assert_names (alert->explanation_vi, "tối đa 30 ngày");
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* A paper certificate stating more days than its span. */
  fx_exec (&store, "UPDATE documents SET fields = json_set (fields, '$.SO_NGAY_NGHI', 45)"
                   " WHERE json_extract (fields, '$.SO_SERI') = 'L030'");
  alerts = scan_and_list (&store, &result);
  g_assert_cmpuint (alerts->len, ==, 2);
  assert_names (find (alerts, "certificate.long_leave", "L030")->explanation_en, "gives 45 days");
  store_close (&store);
}

/* The migration that widened the alerts' CHECKs keeps every alert, its id, state and note, and the
 * key a re-scan updates by. */
static void
test_migration_keeps_alerts (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  guint n_migrations;
  const char * const *migrations = cd_schema_get_migrations (&n_migrations);
  int before = -1;
  CdAlert *alert;

  for (guint i = 0; i < n_migrations && before < 0; i++)
    if (strstr (migrations[i], "CREATE TABLE alerts_15") != NULL)
      before = (int) i;
  g_assert_cmpint (before, >, 0);

  db = cd_database_open_at_version (path, before, &error);
  g_assert_no_error (error);
  g_assert_true (cd_database_exec (
      db,
      "INSERT INTO alerts (id, kind, subject_kind, subject, detail, claims, documents,"
      " explanation_vi, explanation_en, first_seen, last_seen, state, note) VALUES"
      " (7, 'leave.overlap', 'person', '079190123456', 'certificate:S1|certificate:S2',"
      "  '[\"HS-1\"]', '[3,4]', 'trùng', 'overlaps', '2026-11-01T00:00:00Z',"
      "  '2026-11-02T00:00:00Z', 'referred', 'chuyển thanh tra'),"
      " (9, 'facility.leave_volume', 'facility', '79001', '2026-11-02', '[]', '[]', 'nhiều',"
      "  'many', '2026-11-03T00:00:00Z', '2026-11-03T00:00:00Z', 'new', NULL);", &error));
  g_assert_no_error (error);
  /* Before it, a doctor's alert has no place. */
  g_assert_false (cd_database_exec (
      db,
      "INSERT INTO alerts (kind, subject_kind, subject, explanation_vi, explanation_en,"
      " first_seen, last_seen) VALUES ('doctor.leave_volume', 'doctor', 'BS1', 'x', 'x', 'x',"
      " 'x');", &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_clear_object (&db);

  db = cd_database_open (path, &error);
  g_assert_no_error (error);
  alerts = cd_alerts_list (db, TRUE, CD_ALERT_NEW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 2);
  alert = g_ptr_array_index (alerts, 1);
  g_assert_cmpint (alert->id, ==, 7);
  g_assert_cmpint (alert->state, ==, CD_ALERT_REFERRED);
  g_assert_cmpstr (alert->note, ==, "chuyển thanh tra");
  g_assert_cmpstr (alert->documents, ==, "[3,4]");
  g_assert_cmpstr (alert->first_seen, ==, "2026-11-01T00:00:00Z");
  g_assert_cmpint (((CdAlert *) g_ptr_array_index (alerts, 0))->id, ==, 9);

  /* The new kinds and subject go in; the key still refuses a second row. */
  g_assert_true (cd_database_exec (
      db,
      "INSERT INTO alerts (kind, subject_kind, subject, explanation_vi, explanation_en,"
      " first_seen, last_seen) VALUES ('doctor.leave_volume', 'doctor', 'BS1', 'x', 'x', 'x',"
      " 'x');", &error));
  g_assert_no_error (error);
  g_assert_false (cd_database_exec (
      db,
      "INSERT INTO alerts (kind, subject_kind, subject, detail, explanation_vi, explanation_en,"
      " first_seen, last_seen) VALUES ('facility.leave_volume', 'facility', '79001',"
      " '2026-11-02', 'x', 'x', 'x', 'x');", &error));
  g_clear_error (&error);
  g_assert_false (cd_database_exec (
      db,
      "INSERT INTO alerts (kind, subject_kind, subject, explanation_vi, explanation_en,"
      " first_seen, last_seen) VALUES ('no.such_kind', 'doctor', 'BS2', 'x', 'x', 'x', 'x');",
      &error));
  g_clear_error (&error);
  g_clear_object (&db);
  test_tmpdir_free (dir);
}

/* Runs claimdesk-cli with `input` on stdin; returns its exit status. */
static int
run_cli (const char  *input,
         char       **out,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLAIMDESK_CLI"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out, &err, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("stderr: %s", err);
  return g_subprocess_get_exit_status (process);
}

static void
test_cli (void)
{
  Store store;
  g_autofree char *out = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  JsonObject *alert;

  world_open (&store);
  add_certificate (&store, "3", "NULL", "S001", "2026-06-01", "2026-06-03", "79002");
  path = g_strdup (store.path);
  g_clear_object (&store.db);

  g_assert_cmpint (run_cli (NULL, &out, "alerts", "scan", "--db", path, "--json", NULL), ==, 0);
  node = json_from_string (out, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "found"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "new"), ==, 1);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, &out, "alerts", "list", "--db", path, "--json", NULL), ==, 0);
  node = json_from_string (out, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  alert = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (alert, "kind"), ==, "certificate.serial_reused");
  g_assert_cmpstr (json_object_get_string_member (alert, "state"), ==, "new");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (alert, "claims")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (alert, "claims"),
                                                  0), ==, "HS-A-0001");
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (alert, "id"));
  g_clear_pointer (&out, g_free);

  /* The password on stdin; a wrong one, an officer, or an unknown state change nothing. */
  g_assert_cmpint (run_cli ("sai mật khẩu\n", &out, "alerts", "set-state", "--db", path,
                            "--officer", "gs01", "--state", "explained", id, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (FIXTURE_PASSWORD "\n", &out, "alerts", "set-state", "--db", path,
                            "--officer", "cb01", "--state", "explained", id, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (FIXTURE_PASSWORD "\n", &out, "alerts", "set-state", "--db", path,
                            "--officer", "gs01", "--state", "closed", id, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (FIXTURE_PASSWORD "\n", &out, "alerts", "set-state", "--db", path,
                            "--officer", "gs01", "--state", "explained", "--note",
                            "Giấy của bệnh viện in trùng số seri", id, NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, &out, "alerts", "list", "--db", path, "--state", "explained",
                            "--lang", "en", NULL), ==, 0);
  assert_names (out, "Leave certificate serial S001 appears on 2 different certificates");
  assert_names (out, "Giấy của bệnh viện in trùng số seri");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, &out, "alerts", "list", "--db", path, "--state", "new", NULL),
                   ==, 0);
  g_assert_cmpuint (test_count_lines (out), ==, 1);  /* "No alerts." */
  g_clear_pointer (&out, g_free);

  /* The doctors' norm is set apart from the facilities'. */
  g_assert_cmpint (run_cli (FIXTURE_PASSWORD "\n", &out, "alerts", "set-norm", "--db", path,
                            "--officer", "admin", "--doctor", "12", NULL), ==, 0);
  assert_names (out, "per doctor and day: 12");
  g_clear_pointer (&out, g_free);
  store.db = cd_database_open (path, NULL);
  g_assert_cmpint (cd_alerts_get_doctor_norm (store.db), ==, 12);
  g_assert_cmpint (cd_alerts_get_facility_norm (store.db), ==, CD_DEFAULT_ALERT_FACILITY_NORM);
  g_clear_object (&store.db);

  g_assert_cmpint (run_cli (NULL, &out, "verify-audit", "--db", path, NULL), ==, 0);
  assert_names (out, "Audit log intact");
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/alerts/clean-world", test_clean_world);
  g_test_add_func ("/alerts/two-si-codes", test_two_si_codes);
  g_test_add_func ("/alerts/shared-si-code", test_shared_si_code);
  g_test_add_func ("/alerts/serial-reused", test_serial_reused);
  g_test_add_func ("/alerts/overlap", test_overlap);
  g_test_add_func ("/alerts/facility-volume", test_facility_volume);
  g_test_add_func ("/alerts/facility-peers", test_facility_peers);
  g_test_add_func ("/alerts/contributions", test_contributions);
  g_test_add_func ("/alerts/population-mismatch", test_population_mismatch);
  g_test_add_func ("/alerts/reported-dead", test_reported_dead);
  g_test_add_func ("/alerts/unpaid-month", test_unpaid_month);
  g_test_add_func ("/alerts/doctor-volume", test_doctor_volume);
  g_test_add_func ("/alerts/doctor-peers", test_doctor_peers);
  g_test_add_func ("/alerts/long-leave", test_long_leave);
  g_test_add_func ("/alerts/migration-keeps-alerts", test_migration_keeps_alerts);
  g_test_add_func ("/alerts/rescan-and-states", test_rescan_and_states);
  g_test_add_func ("/alerts/visibility-and-history", test_visibility_and_history);
  g_test_add_func ("/alerts/scan-async", test_scan_async);
  g_test_add_func ("/alerts/cli", test_cli);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
