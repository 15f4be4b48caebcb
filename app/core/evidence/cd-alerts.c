/* cd-alerts.c — the anomaly detector and the alerts' states (docs/alerts.md).
 *
 * Each kind is one query over the whole store that gives, per pattern found, its subject, the
 * claims and documents behind it and the values its explanation names; the explanation is written
 * here in both languages, as the cross-checks' findings are, so that what the office reads does not
 * depend on the workstation's locale at scan time.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-access.h"
#include "cd-alerts.h"
#include "cd-audit-log.h"
#include "cd-settings.h"
#include "cd-statement.h"
#include "cd-text-fold.h"

G_DEFINE_QUARK (cd-alerts-error-quark, cd_alerts_error)

static const char * const state_names[] = { "new", "looked_at", "explained", "referred" };

const char *
cd_alert_state_to_string (CdAlertState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
cd_alert_state_from_string (const char   *name,
                            CdAlertState *state)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (name, state_names[i]))
      {
        *state = (CdAlertState) i;
        return TRUE;
      }
  return FALSE;
}

void
cd_alert_free (CdAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->kind);
  g_free (alert->subject_kind);
  g_free (alert->subject);
  g_free (alert->detail);
  g_free (alert->claims);
  g_free (alert->documents);
  g_free (alert->explanation_vi);
  g_free (alert->explanation_en);
  g_free (alert->first_seen);
  g_free (alert->last_seen);
  g_free (alert->note);
  g_free (alert->changed_at);
  g_free (alert);
}

gint64
cd_alerts_get_facility_norm (CdDatabase *db)
{
  gint64 norm;

  g_return_val_if_fail (CD_IS_DATABASE (db), CD_DEFAULT_ALERT_FACILITY_NORM);

  norm = cd_settings_get_int64 (db, CD_SETTING_ALERT_FACILITY_NORM,
                                CD_DEFAULT_ALERT_FACILITY_NORM, NULL);
  return norm >= 1 ? norm : CD_DEFAULT_ALERT_FACILITY_NORM;
}

gint64
cd_alerts_get_doctor_norm (CdDatabase *db)
{
  gint64 norm;

  g_return_val_if_fail (CD_IS_DATABASE (db), CD_DEFAULT_ALERT_DOCTOR_NORM);

  norm = cd_settings_get_int64 (db, CD_SETTING_ALERT_DOCTOR_NORM, CD_DEFAULT_ALERT_DOCTOR_NORM,
                                NULL);
  return norm >= 1 ? norm : CD_DEFAULT_ALERT_DOCTOR_NORM;
}

static gboolean
query_failed (GError       **error,
              const char    *what,
              GError        *cause)
{
  g_set_error (error, CD_ALERTS_ERROR, CD_ALERTS_ERROR_QUERY, "%s: %s", what, cause->message);
  g_error_free (cause);
  return FALSE;
}

/* ---- Scanning --------------------------------------------------------------------------------- */

typedef struct
{
  CdDatabase  *db;
  CdStatement *upsert;
  const char  *now;
  GHashTable  *existing;  /* ids of the alerts stored before the scan → their state */
  GHashTable  *found;     /* ids this scan found */
  guint        n_found;
  guint        n_new;
  gboolean     failed;
  GError      *error;
} Scan;

/* Records one alert found; `claims` and `documents` are JSON arrays (NULL: none). Takes the two
 * explanations. */
static void
raise_alert (Scan       *scan,
             const char *kind,
             const char *subject_kind,
             const char *subject,
             const char *detail,
             const char *claims,
             const char *documents,
             char       *explanation_vi,
             char       *explanation_en)
{
  g_autofree char *vi = explanation_vi;
  g_autofree char *en = explanation_en;
  gint64 id;

  if (scan->failed)
    return;
  cd_statement_bind_text (scan->upsert, 1, kind);
  cd_statement_bind_text (scan->upsert, 2, subject_kind);
  cd_statement_bind_text (scan->upsert, 3, subject);
  cd_statement_bind_text (scan->upsert, 4, detail != NULL ? detail : "");
  cd_statement_bind_text (scan->upsert, 5, claims != NULL ? claims : "[]");
  cd_statement_bind_text (scan->upsert, 6, documents != NULL ? documents : "[]");
  cd_statement_bind_text (scan->upsert, 7, vi);
  cd_statement_bind_text (scan->upsert, 8, en);
  cd_statement_bind_text (scan->upsert, 9, scan->now);
  if (cd_statement_step (scan->upsert, &scan->error) != CD_STEP_ROW)
    {
      scan->failed = TRUE;
      return;
    }
  id = cd_statement_get_int64 (scan->upsert, 0);
  cd_statement_reset (scan->upsert);
  /* Two patterns of one key in one scan (cannot happen with the queries below) count once. */
  if (!g_hash_table_add (scan->found, g_memdup2 (&id, sizeof id)))
    return;
  scan->n_found++;
  if (!g_hash_table_contains (scan->existing, &id))
    scan->n_new++;
}

/* Runs `sql` (one optional integer parameter) and calls `row` for each row. */
static void
each_row (Scan        *scan,
          const char  *sql,
          void       (*row) (Scan *scan, CdStatement *stmt, gpointer data),
          gpointer     data)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step = CD_STEP_FAILED;

  if (scan->failed)
    return;
  stmt = cd_database_prepare (scan->db, sql, &scan->error);
  if (stmt != NULL)
    while ((step = cd_statement_step (stmt, &scan->error)) == CD_STEP_ROW && !scan->failed)
      row (scan, stmt, data);
  if (step == CD_STEP_FAILED)
    scan->failed = TRUE;
}

static const char *
text (CdStatement *stmt,
      int          column)
{
  const char *value = cd_statement_get_text (stmt, column);

  return value != NULL ? value : "";
}

/* A leave certificate's field: a part of a medical envelope holds the record itself, a paper one
 * the table's shape with its one record (as in cd-cross-checks.c). */
#define CERT_FIELD(name) \
  "coalesce (json_extract (d.fields, '$." name "'), json_extract (d.fields, '$.records[0]." name \
  "'))"

/* Every identity pair (citizen's personal ID, SI code) the store knows, with where it was read:
 * the persons table, and each parsed document that names an SI code (a medical record's MA_BHXH,
 * central's si_code) for the citizen it carries (SO_CCCD) or else the person it was fetched for.
 * A child-sickness claim's certificate names the child's SI code for the parent: left out. */
#define IDENTITY_PAIRS \
  "WITH pairs (citizen, si, document) AS (" \
  "  SELECT personal_id, si_code, NULL FROM persons WHERE si_code IS NOT NULL" \
  "  UNION ALL" \
  "  SELECT coalesce (" CERT_FIELD ("SO_CCCD") ", p.personal_id)," \
  "         coalesce (" CERT_FIELD ("MA_BHXH") ", json_extract (d.fields, '$.si_code'))," \
  "         d.id" \
  "    FROM documents d LEFT JOIN persons p ON p.id = d.person_id" \
  "   WHERE d.parse_status = 'parsed' AND json_type (d.fields) = 'object'" \
  "     AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = d.claim_id AND c.benefit = 1))," \
  " known AS (SELECT * FROM pairs WHERE citizen IS NOT NULL AND si IS NOT NULL AND si <> '')"

static void
on_two_si_codes (Scan        *scan,
                 CdStatement *stmt,
                 gpointer     data)
{
  const char *citizen = text (stmt, 0);
  const char *codes = text (stmt, 1);

  raise_alert (scan, "identity.two_si_codes", "person", citizen, NULL, text (stmt, 3),
               text (stmt, 2),
               g_strdup_printf ("Công dân %s có nhiều mã số BHXH: %s (theo hồ sơ người tham gia và "
                                "các giấy tờ %s).", citizen, codes, text (stmt, 2)),
               g_strdup_printf ("Citizen %s has more than one social-insurance code: %s (from the "
                                "person records and documents %s).", citizen, codes,
                                text (stmt, 2)));
}

static void
on_shared_si_code (Scan        *scan,
                   CdStatement *stmt,
                   gpointer     data)
{
  const char *code = text (stmt, 0);
  const char *citizens = text (stmt, 1);

  raise_alert (scan, "identity.shared_si_code", "si_code", code, NULL, text (stmt, 3),
               text (stmt, 2),
               g_strdup_printf ("Mã số BHXH %s được dùng cho nhiều công dân: %s (theo hồ sơ người "
                                "tham gia và các giấy tờ %s).", code, citizens, text (stmt, 2)),
               g_strdup_printf ("Social-insurance code %s is used by more than one citizen: %s "
                                "(from the person records and documents %s).", code, citizens,
                                text (stmt, 2)));
}

/* The claims of the persons whose personal ID or SI code is in the JSON array `ids`, in order. */
#define CLAIMS_OF(ids) \
  "(SELECT json_group_array (number) FROM (SELECT DISTINCT c.number FROM claims c" \
  "   JOIN persons p ON p.id = c.claimant_id" \
  "  WHERE p.personal_id IN (SELECT value FROM json_each (" ids "))" \
  "     OR p.si_code IN (SELECT value FROM json_each (" ids ")) ORDER BY c.number))"

static void
scan_identity (Scan *scan)
{
  /* The claims behind it are those of every person the citizen or the codes name (a personal ID
   * has 12 digits, an SI code 10: one list holds both). */
  each_row (scan,
            IDENTITY_PAIRS
            " SELECT citizen, codes, documents,"
            "        " CLAIMS_OF ("json_insert (codes, '$[#]', citizen)")
            "   FROM (SELECT citizen, json_group_array (DISTINCT si) AS codes,"
            "                json_group_array (DISTINCT document)"
            "                FILTER (WHERE document IS NOT NULL) AS documents"
            "           FROM known GROUP BY citizen HAVING count (DISTINCT si) > 1)"
            "  ORDER BY citizen",
            on_two_si_codes, NULL);
  each_row (scan,
            IDENTITY_PAIRS
            " SELECT si, citizens, documents,"
            "        " CLAIMS_OF ("json_insert (citizens, '$[#]', si)")
            "   FROM (SELECT si, json_group_array (DISTINCT citizen) AS citizens,"
            "                json_group_array (DISTINCT document)"
            "                FILTER (WHERE document IS NOT NULL) AS documents"
            "           FROM known GROUP BY si HAVING count (DISTINCT citizen) > 1)"
            "  ORDER BY si",
            on_shared_si_code, NULL);
}

/* Every parsed leave certificate: its document, person, claim, serial, days, issue, facility and
 * doctor (MA_BS, TEN_BS: a medical record's; a paper one has none). */
#define CERTIFICATES \
  "WITH certificates AS (" \
  "  SELECT d.id AS document, d.person_id AS person, d.claim_id AS claim," \
  "         " CERT_FIELD ("SO_SERI") " AS serial, " CERT_FIELD ("TU_NGAY") " AS date_from," \
  "         " CERT_FIELD ("DEN_NGAY") " AS date_to," \
  "         coalesce (" CERT_FIELD ("NGAY_CT") ", " CERT_FIELD ("TU_NGAY") ") AS issued," \
  "         coalesce (" CERT_FIELD ("MA_CSKCB") "," \
  "                   (SELECT json_extract (e.fields, '$.facility') FROM documents e" \
  "                     WHERE e.id = d.parent_id)," \
  "                   " CERT_FIELD ("DON_VI") ") AS facility," \
  "         " CERT_FIELD ("MA_BS") " AS doctor, " CERT_FIELD ("TEN_BS") " AS doctor_name," \
  "         " CERT_FIELD ("SO_NGAY_NGHI") " AS stated_days" \
  "    FROM documents d" \
  "   WHERE d.kind = 'leave_certificate' AND d.parse_status = 'parsed'" \
  "     AND json_type (d.fields) = 'object')"

static void
on_serial_reused (Scan        *scan,
                  CdStatement *stmt,
                  gpointer     data)
{
  const char *serial = text (stmt, 0);

  raise_alert (scan, "certificate.serial_reused", "certificate", serial, NULL, text (stmt, 2),
               text (stmt, 1),
               g_strdup_printf ("Số seri giấy chứng nhận nghỉ việc %s xuất hiện trên %d giấy khác "
                                "nhau (người hoặc ngày nghỉ khác nhau): %s; giấy tờ %s.", serial,
                                cd_statement_get_int (stmt, 3), text (stmt, 4), text (stmt, 1)),
               g_strdup_printf ("Leave certificate serial %s appears on %d different certificates "
                                "(another person or other days): %s; documents %s.", serial,
                                cd_statement_get_int (stmt, 3), text (stmt, 4), text (stmt, 1)));
}

static void
scan_serials (Scan *scan)
{
  /* The same certificate fetched again (same person, same first day) is not a second use. */
  each_row (scan,
            CERTIFICATES
            " SELECT serial, json_group_array (DISTINCT document),"
            "        json_group_array (DISTINCT c.number) FILTER (WHERE c.number IS NOT NULL),"
            "        count (DISTINCT coalesce (person, 0) || '|' || coalesce (date_from, '')),"
            "        group_concat (DISTINCT coalesce (p.personal_id, '?')"
            "                      || ' ' || coalesce (date_from, '?') || '→'"
            "                      || coalesce (date_to, '?'))"
            "   FROM certificates g LEFT JOIN claims c ON c.id = g.claim"
            "   LEFT JOIN persons p ON p.id = g.person"
            "  WHERE serial IS NOT NULL GROUP BY serial"
            "  HAVING count (DISTINCT coalesce (person, 0) || '|' || coalesce (date_from, '')) > 1"
            "  ORDER BY serial",
            on_serial_reused, NULL);
}

static void
on_overlap (Scan        *scan,
            CdStatement *stmt,
            gpointer     data)
{
  const char *personal_id = text (stmt, 0);
  g_autofree char *detail = g_strdup_printf ("%s|%s", text (stmt, 2), text (stmt, 5));

  raise_alert (scan, "leave.overlap", "person", personal_id, detail, text (stmt, 8),
               text (stmt, 9),
               g_strdup_printf ("Thời gian nghỉ của %s (%s) trùng nhau: %s (%s → %s) và %s "
                                "(%s → %s).", text (stmt, 1), personal_id, text (stmt, 2),
                                text (stmt, 3), text (stmt, 4), text (stmt, 5), text (stmt, 6),
                                text (stmt, 7)),
               g_strdup_printf ("Leave of %s (%s) overlaps: %s (%s → %s) and %s (%s → %s).",
                                text (stmt, 1), personal_id, text (stmt, 2), text (stmt, 3),
                                text (stmt, 4), text (stmt, 5), text (stmt, 6), text (stmt, 7)));
}

static void
scan_overlaps (Scan *scan)
{
  /* A span is a certificate (its serial, however often fetched) or a claim that grants leave
   * (refused and rejected ones aside: they grant nothing). A claim and a certificate overlap as a
   * pattern only when the certificate belongs to another claim: a claim covers its own
   * certificate's days, and a certificate fetched before its claim exists belongs to none. Keys
   * sort certificates ("certificate:…") before claims ("claim:…"). */
  each_row (scan,
            CERTIFICATES ","
            " spans (person, key, date_from, date_to, claim, documents) AS ("
            "  SELECT person, 'certificate:' || serial, min (date_from), max (date_to),"
            "         max (claim), json_group_array (document)"
            "    FROM certificates"
            "   WHERE person IS NOT NULL AND serial IS NOT NULL AND date_from IS NOT NULL"
            "     AND date_to IS NOT NULL GROUP BY person, serial"
            "  UNION ALL"
            "  SELECT claimant_id, 'claim:' || number, period_from, period_to, id, '[]' FROM claims"
            "   WHERE status NOT IN (6, 9)"
            "     AND benefit IN (SELECT code FROM benefit_cases WHERE family <> 'recovery'))"
            " SELECT p.personal_id, p.full_name, a.key, a.date_from, a.date_to,"
            "        b.key, b.date_from, b.date_to,"
            "        (SELECT json_group_array (number) FROM (SELECT number FROM claims"
            "          WHERE id IN (a.claim, b.claim) ORDER BY number)),"
            "        (SELECT json_group_array (value) FROM (SELECT value FROM json_each (a.documents)"
            "          UNION SELECT value FROM json_each (b.documents) ORDER BY 1))"
            "   FROM spans a JOIN spans b ON b.person = a.person AND a.key < b.key"
            "    AND a.date_from <= b.date_to AND b.date_from <= a.date_to"
            "   JOIN persons p ON p.id = a.person"
            "  WHERE NOT (a.key GLOB 'certificate:*' AND b.key GLOB 'claim:*'"
            "             AND (a.claim IS NULL OR a.claim = b.claim))"
            "  ORDER BY p.personal_id, a.key, b.key",
            on_overlap, NULL);
}

typedef struct
{
  char   *issuer;
  char   *day;
  gint64  n;
  char   *documents;
  char   *claims;
  char   *name;       /* the doctor's name, or NULL */
} IssuerDay;

static void
issuer_day_clear (IssuerDay *day)
{
  g_free (day->issuer);
  g_free (day->day);
  g_free (day->documents);
  g_free (day->claims);
  g_free (day->name);
}

static void
on_issuer_day (Scan        *scan,
               CdStatement *stmt,
               gpointer     data)
{
  IssuerDay day = { cd_statement_dup_text (stmt, 0), cd_statement_dup_text (stmt, 1),
                    cd_statement_get_int64 (stmt, 2), cd_statement_dup_text (stmt, 3),
                    cd_statement_dup_text (stmt, 4), cd_statement_dup_text (stmt, 5) };

  g_array_append_val (data, day);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Who issues certificates: a facility (MA_CSKCB) or a doctor (MA_BS). */
typedef enum
{
  ISSUER_FACILITY,
  ISSUER_DOCTOR,
} Issuer;

/* Certificates per issuer and day (NGAY_CT, else TU_NGAY; distinct serials) against the office's
 * norm and against the issuers' peers: more than CD_ALERT_PEER_FACTOR times the 99th percentile
 * (nearest rank) of all issuer-days, once CD_ALERT_PEER_MIN_DAYS of them are known. */
static void
scan_volume (Scan   *scan,
             Issuer  issuer)
{
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (IssuerDay));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean doctor = issuer == ISSUER_DOCTOR;
  gint64 norm = doctor ? cd_alerts_get_doctor_norm (scan->db)
                       : cd_alerts_get_facility_norm (scan->db);
  gint64 p99 = 0;

  g_array_set_clear_func (days, (GDestroyNotify) issuer_day_clear);
  each_row (scan,
            doctor
            ? CERTIFICATES
              " SELECT doctor, issued, count (DISTINCT serial),"
              "        json_group_array (DISTINCT document),"
              "        json_group_array (DISTINCT c.number) FILTER (WHERE c.number IS NOT NULL),"
              "        max (doctor_name)"
              "   FROM certificates g LEFT JOIN claims c ON c.id = g.claim"
              "  WHERE doctor IS NOT NULL AND issued IS NOT NULL AND serial IS NOT NULL"
              "  GROUP BY doctor, issued ORDER BY doctor, issued"
            : CERTIFICATES
              " SELECT facility, issued, count (DISTINCT serial),"
              "        json_group_array (DISTINCT document),"
              "        json_group_array (DISTINCT c.number) FILTER (WHERE c.number IS NOT NULL),"
              "        NULL"
              "   FROM certificates g LEFT JOIN claims c ON c.id = g.claim"
              "  WHERE facility IS NOT NULL AND issued IS NOT NULL AND serial IS NOT NULL"
              "  GROUP BY facility, issued ORDER BY facility, issued",
            on_issuer_day, days);
  if (scan->failed)
    return;

  /* The peers' 99th percentile (nearest rank) of certificates per issuer and day: only with
   * enough issuer-days for it to mean something. */
  for (guint i = 0; i < days->len; i++)
    g_array_append_val (counts, g_array_index (days, IssuerDay, i).n);
  g_array_sort (counts, compare_counts);
  if (counts->len >= CD_ALERT_PEER_MIN_DAYS)
    p99 = g_array_index (counts, gint64, (counts->len * 99 + 99) / 100 - 1);

  for (guint i = 0; i < days->len; i++)
    {
      IssuerDay *day = &g_array_index (days, IssuerDay, i);
      gboolean over_norm = day->n > norm;
      gboolean over_peers = p99 > 0 && day->n > CD_ALERT_PEER_FACTOR * p99;
      g_autofree char *who_vi = NULL;
      g_autofree char *who_en = NULL;

      if (!over_norm && !over_peers)
        continue;
      if (doctor && day->name != NULL)
        {
          who_vi = g_strdup_printf ("Bác sĩ %s (%s)", day->issuer, day->name);
          who_en = g_strdup_printf ("Doctor %s (%s)", day->issuer, day->name);
        }
      else
        {
          who_vi = g_strdup_printf (doctor ? "Bác sĩ %s" : "Cơ sở khám chữa bệnh %s", day->issuer);
          who_en = g_strdup_printf (doctor ? "Doctor %s" : "Facility %s", day->issuer);
        }
      raise_alert (scan, doctor ? "doctor.leave_volume" : "facility.leave_volume",
                   doctor ? "doctor" : "facility", day->issuer, day->day, day->claims,
                   day->documents,
                   over_norm
                   ? g_strdup_printf ("%s cấp %" G_GINT64_FORMAT " giấy chứng nhận nghỉ việc trong "
                                      "ngày %s, nhiều hơn định mức %" G_GINT64_FORMAT " giấy một "
                                      "ngày của cơ quan; giấy tờ %s.", who_vi, day->n, day->day,
                                      norm, day->documents)
                   : g_strdup_printf ("%s cấp %" G_GINT64_FORMAT " giấy chứng nhận nghỉ việc trong "
                                      "ngày %s, hơn %d lần phân vị 99 của %s khác (%"
                                      G_GINT64_FORMAT " giấy một ngày); giấy tờ %s.", who_vi,
                                      day->n, day->day, CD_ALERT_PEER_FACTOR,
                                      doctor ? "các bác sĩ" : "các cơ sở", p99, day->documents),
                   over_norm
                   ? g_strdup_printf ("%s issued %" G_GINT64_FORMAT " leave certificates on %s, "
                                      "more than the office's norm of %" G_GINT64_FORMAT " a day; "
                                      "documents %s.", who_en, day->n, day->day, norm,
                                      day->documents)
                   : g_strdup_printf ("%s issued %" G_GINT64_FORMAT " leave certificates on %s, "
                                      "more than %d times its peers' 99th percentile (%"
                                      G_GINT64_FORMAT " a day); documents %s.", who_en, day->n,
                                      day->day, CD_ALERT_PEER_FACTOR, p99, day->documents));
    }
}

static void
on_long_leave (Scan        *scan,
               CdStatement *stmt,
               gpointer     data)
{
  const char *serial = text (stmt, 0);
  gint64 days = cd_statement_get_int64 (stmt, 1);

  raise_alert (scan, "certificate.long_leave", "certificate", serial, NULL, text (stmt, 5),
               text (stmt, 4),
               g_strdup_printf ("Giấy chứng nhận nghỉ việc số seri %s (%s, %s → %s) cho nghỉ %"
                                G_GINT64_FORMAT " ngày, quá tối đa %d ngày cho một lần cấp giấy "
                                "(Thông tư 56/2017/TT-BYT sửa đổi bởi Thông tư 18/2022/TT-BYT), "
                                "trừ bệnh cần chữa trị dài ngày; giấy tờ %s.", serial,
                                text (stmt, 6), text (stmt, 2), text (stmt, 3), days,
                                CD_ALERT_CERTIFICATE_MAX_DAYS, text (stmt, 4)),
               g_strdup_printf ("Leave certificate serial %s (%s, %s → %s) gives %" G_GINT64_FORMAT
                                " days, more than the most of %d days one certificate may give "
                                "(Circular 56/2017/TT-BYT as amended by Circular 18/2022/TT-BYT), "
                                "unless the illness is on the long-term list; documents %s.",
                                serial, text (stmt, 6), text (stmt, 2), text (stmt, 3), days,
                                CD_ALERT_CERTIFICATE_MAX_DAYS, text (stmt, 4)));
}

static void
scan_long_leave (Scan *scan)
{
  /* The days a certificate gives: its first to last day, or the days it states (SO_NGAY_NGHI)
   * when more. The medical record's parser refuses more than 30 stated days; its span and a paper
   * certificate are not bounded. */
  g_autofree char *sql = g_strdup_printf (
    CERTIFICATES
    " SELECT serial, max (max (CAST (julianday (date_to) - julianday (date_from) AS INTEGER) + 1,"
    "                          coalesce (CAST (stated_days AS INTEGER), 0))) AS days,"
    "        min (date_from), max (date_to), json_group_array (DISTINCT document),"
    "        json_group_array (DISTINCT c.number) FILTER (WHERE c.number IS NOT NULL),"
    "        coalesce (group_concat (DISTINCT p.personal_id), '?')"
    "   FROM certificates g LEFT JOIN claims c ON c.id = g.claim"
    "   LEFT JOIN persons p ON p.id = g.person"
    "  WHERE serial IS NOT NULL AND date_from IS NOT NULL AND date_to IS NOT NULL"
    "    AND julianday (date_to) IS NOT NULL AND julianday (date_from) IS NOT NULL"
    "  GROUP BY serial HAVING days > %d ORDER BY serial",
    CD_ALERT_CERTIFICATE_MAX_DAYS);

  each_row (scan, sql, on_long_leave, NULL);
}

/* The births a maternity claim was made for, with the claimant's contribution record around them:
 * the first month ever contributed and the months from six before the birth to the birth. */
#define BIRTHS \
  "WITH births AS (" \
  "  SELECT c.number, c.claimant_id AS person, coalesce (c.event_date, k.birth_date) AS born" \
  "    FROM claims c LEFT JOIN persons k ON k.id = c.child_id" \
  "   WHERE c.benefit IN (5, 6, 14) AND c.status NOT IN (6, 9)" \
  "     AND coalesce (c.event_date, k.birth_date) IS NOT NULL)," \
  " contributions AS (" \
  "  SELECT person_id, month, si_salary," \
  "         lag (si_salary) OVER (PARTITION BY person_id ORDER BY month) AS before," \
  "         lag (month) OVER (PARTITION BY person_id ORDER BY month) AS month_before" \
  "    FROM contribution_months)"

/* The contributions documents of the person, as a JSON array. */
#define CONTRIBUTION_DOCUMENTS(person) \
  "(SELECT json_group_array (id) FROM (SELECT id FROM documents WHERE person_id = " person \
  "  AND kind = 'contributions' ORDER BY id))"

static void
on_start_before_birth (Scan        *scan,
                       CdStatement *stmt,
                       gpointer     data)
{
  const char *personal_id = text (stmt, 1);
  g_autofree char *claims = g_strdup_printf ("[\"%s\"]", text (stmt, 0));

  raise_alert (scan, "contributions.start_before_birth", "person", personal_id, text (stmt, 0),
               claims, text (stmt, 5),
               g_strdup_printf ("%s (%s) bắt đầu đóng BHXH từ tháng %s, trong 6 tháng trước khi "
                                "sinh con ngày %s (hồ sơ %s).", text (stmt, 2), personal_id,
                                text (stmt, 4), text (stmt, 3), text (stmt, 0)),
               g_strdup_printf ("%s (%s) started contributing in %s, within the 6 months before "
                                "the birth on %s (claim %s).", text (stmt, 2), personal_id,
                                text (stmt, 4), text (stmt, 3), text (stmt, 0)));
}

static void
on_salary_jump (Scan        *scan,
                CdStatement *stmt,
                gpointer     data)
{
  const char *personal_id = text (stmt, 1);
  g_autofree char *claims = g_strdup_printf ("[\"%s\"]", text (stmt, 0));
  gint64 from = cd_statement_get_int64 (stmt, 6);
  gint64 to = cd_statement_get_int64 (stmt, 7);
  gint64 percent = from > 0 ? (to - from) * 100 / from : 0;

  raise_alert (scan, "contributions.salary_jump", "person", personal_id, text (stmt, 0),
               claims, text (stmt, 5),
               g_strdup_printf ("Tiền lương đóng BHXH của %s (%s) tăng %" G_GINT64_FORMAT " %% "
                                "vào tháng %s (từ %" G_GINT64_FORMAT " lên %" G_GINT64_FORMAT
                                " đồng), trong 6 tháng trước khi sinh con ngày %s (hồ sơ %s).",
                                text (stmt, 2), personal_id, percent, text (stmt, 4), from, to,
                                text (stmt, 3), text (stmt, 0)),
               g_strdup_printf ("The insured salary of %s (%s) rose %" G_GINT64_FORMAT " %% in %s "
                                "(from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " VND), within "
                                "the 6 months before the birth on %s (claim %s).", text (stmt, 2),
                                personal_id, percent, text (stmt, 4), from, to, text (stmt, 3),
                                text (stmt, 0)));
}

static void
scan_contributions (Scan *scan)
{
  /* Contributions that start within the six months before the birth: the first month on record
   * falls in them. The store holds what was fetched, a window of months: a first month is a start
   * only when the store knows months before it (someone's, and not the start of the window this
   * person's contributions were fetched for). */
  each_row (scan,
            BIRTHS
            " SELECT b.number, p.personal_id, p.full_name, b.born, f.first_month,"
            "        " CONTRIBUTION_DOCUMENTS ("b.person")
            "   FROM births b JOIN persons p ON p.id = b.person"
            "   JOIN (SELECT person_id, min (month) AS first_month FROM contribution_months"
            "          GROUP BY person_id) f ON f.person_id = b.person"
            "  WHERE f.first_month >= strftime ('%Y-%m', b.born, 'start of month', '-6 months')"
            "    AND f.first_month <= strftime ('%Y-%m', b.born)"
            "    AND f.first_month > (SELECT min (month) FROM contribution_months)"
            "    AND NOT EXISTS (SELECT 1 FROM documents w WHERE w.person_id = b.person"
            "         AND w.kind = 'contributions' AND w.window_from IS NOT NULL"
            "         AND strftime ('%Y-%m', w.window_from) >= f.first_month)"
            "  ORDER BY b.number",
            on_start_before_birth, NULL);
  /* A salary more than half again the month before's, in those six months: the largest rise. */
  each_row (scan,
            BIRTHS
            " SELECT b.number, p.personal_id, p.full_name, b.born, m.month,"
            "        " CONTRIBUTION_DOCUMENTS ("b.person") ", m.before, m.si_salary"
            "   FROM births b JOIN persons p ON p.id = b.person"
            "   JOIN contributions m ON m.person_id = b.person"
            "  WHERE m.month >= strftime ('%Y-%m', b.born, 'start of month', '-6 months')"
            "    AND m.month <= strftime ('%Y-%m', b.born)"
            "    AND m.before IS NOT NULL AND m.si_salary * 2 > m.before * 3"
            "    AND m.si_salary * 1.0 / m.before = (SELECT max (n.si_salary * 1.0 / n.before)"
            "          FROM contributions n WHERE n.person_id = b.person AND n.before IS NOT NULL"
            "           AND n.month >= strftime ('%Y-%m', b.born, 'start of month', '-6 months')"
            "           AND n.month <= strftime ('%Y-%m', b.born))"
            "  GROUP BY b.number ORDER BY b.number",
            on_salary_jump, NULL);
}

/* ---- People: the population register, deaths, months without contributions ----------------- */

/* The claims naming the person `id` as claimant or child, in order, as a JSON array. */
#define CLAIMS_NAMING(id) \
  "(SELECT json_group_array (number) FROM (SELECT number FROM claims" \
  "   WHERE claimant_id = " id " OR child_id = " id " ORDER BY number))"

/* A name as compared: Unicode-normalised, white space folded, case folded. */
static char *
comparable_name (const char *name)
{
  g_autofree char *nfc = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) words = g_strsplit_set (nfc != NULL ? nfc : "", " \t\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", words[i]);
  return g_utf8_casefold (out->str, -1);
}

/* Two names of one person: the same once compared, or the same letters when one of them is
 * written without any diacritic (a system that drops them; the claim's cross-checks say it). A
 * tone or a letter that differs ("Bình", "Bính") is another name. */
static gboolean
same_name (const char *ours,
           const char *theirs)
{
  g_autofree char *a = comparable_name (ours);
  g_autofree char *b = comparable_name (theirs);
  g_autofree char *folded_a = NULL;
  g_autofree char *folded_b = NULL;

  /* An answer without a name says nothing about it. */
  if (g_str_equal (a, b) || b[0] == '\0')
    return TRUE;
  folded_a = cd_text_fold (a);
  folded_b = cd_text_fold (b);
  return g_str_equal (folded_a, folded_b) && (g_str_equal (a, folded_a)
                                              || g_str_equal (b, folded_b));
}

static const char *
sex_vi (const char *sex)
{
  return g_strcmp0 (sex, "male") == 0 ? "nam" : g_strcmp0 (sex, "female") == 0 ? "nữ" : sex;
}

static void
raise_mismatch (Scan        *scan,
                CdStatement *stmt,
                const char  *field,
                const char  *field_vi,
                const char  *field_en,
                const char  *ours_vi,
                const char  *ours_en,
                const char  *theirs_vi,
                const char  *theirs_en)
{
  const char *personal_id = text (stmt, 0);
  g_autofree char *documents = g_strdup_printf ("[%" G_GINT64_FORMAT "]",
                                                cd_statement_get_int64 (stmt, 4));

  raise_alert (scan, "identity.population_mismatch", "person", personal_id, field,
               text (stmt, 8), documents,
               g_strdup_printf ("%s của công dân %s trong hồ sơ người tham gia là “%s”, trong cơ "
                                "sở dữ liệu quốc gia về dân cư là “%s” (giấy tờ %s).", field_vi,
                                personal_id, ours_vi, theirs_vi, documents),
               g_strdup_printf ("The %s of citizen %s is “%s” on the person record and “%s” in "
                                "the population register (documents %s).", field_en, personal_id,
                                ours_en, theirs_en, documents));
}

static void
on_population (Scan        *scan,
               CdStatement *stmt,
               gpointer     data)
{
  const char *name = text (stmt, 1);
  const char *birth = text (stmt, 2);
  const char *sex = text (stmt, 3);
  const char *their_name = cd_statement_get_text (stmt, 5);
  const char *their_birth = cd_statement_get_text (stmt, 6);
  const char *their_sex = cd_statement_get_text (stmt, 7);

  if (their_name != NULL && !same_name (name, their_name))
    raise_mismatch (scan, stmt, "name", "Họ tên", "name", name, name, their_name, their_name);
  /* The register may know only the year of birth. */
  if (their_birth != NULL && their_birth[0] != '\0'
      && strncmp (birth, their_birth, MIN (strlen (their_birth), 10)) != 0)
    raise_mismatch (scan, stmt, "birth_date", "Ngày sinh", "birth date", birth, birth,
                    their_birth, their_birth);
  /* 'unknown' in the register says nothing. */
  if ((g_strcmp0 (their_sex, "male") == 0 || g_strcmp0 (their_sex, "female") == 0)
      && !g_str_equal (sex, their_sex))
    raise_mismatch (scan, stmt, "sex", "Giới tính", "sex", sex_vi (sex), sex, sex_vi (their_sex),
                    their_sex);
}

static void
scan_population (Scan *scan)
{
  /* The newest answer of the population register about each person (its citizen's personal ID
   * is the person's: not a relative's), against the person record: name, birth date and sex. */
  each_row (scan,
            "WITH answers AS ("
            "  SELECT d.id, d.person_id, json_extract (d.fields, '$.citizen') AS citizen,"
            "         row_number () OVER (PARTITION BY d.person_id"
            "           ORDER BY d.source_system = 'manual', d.fetched_at DESC, d.id DESC) AS n"
            "    FROM documents d"
            "   WHERE d.kind = 'citizen' AND d.parse_status = 'parsed' AND d.parent_id IS NULL"
            "     AND d.person_id IS NOT NULL AND json_type (d.fields, '$.citizen') = 'object')"
            " SELECT p.personal_id, p.full_name, p.birth_date, p.sex, a.id,"
            "        coalesce (json_extract (a.citizen, '$.HoVaTen.full'),"
            "                  coalesce (json_extract (a.citizen, '$.HoVaTen.Ho'), '') || ' '"
            "                  || coalesce (json_extract (a.citizen, '$.HoVaTen.ChuDem'), '')"
            "                  || ' ' || coalesce (json_extract (a.citizen, '$.HoVaTen.Ten'), '')),"
            "        json_extract (a.citizen, '$.NgayThangNamSinh'),"
            "        json_extract (a.citizen, '$.GioiTinh'),"
            "        " CLAIMS_NAMING ("p.id")
            "   FROM answers a JOIN persons p ON p.id = a.person_id"
            "  WHERE a.n = 1 AND json_extract (a.citizen, '$.SoDinhDanh') = p.personal_id"
            "  ORDER BY p.personal_id",
            on_population, NULL);
}

static void
on_dead (Scan        *scan,
         CdStatement *stmt,
         gpointer     data)
{
  const char *personal_id = text (stmt, 0);
  const char *died = cd_statement_get_text (stmt, 2);
  const char *after = cd_statement_get_text (stmt, 5);
  const char *paid = cd_statement_get_text (stmt, 6);

  raise_alert (scan, "person.reported_dead", "person", personal_id, NULL, text (stmt, 4),
               text (stmt, 3),
               g_strdup_printf ("%s (%s) đã chết theo sổ đăng ký (ngày chết %s; giấy tờ %s), nhưng "
                                "có tên trong các hồ sơ %s. Hồ sơ có thời gian nghỉ bắt đầu sau "
                                "ngày chết: %s. Chi trả sau ngày chết: %s.", text (stmt, 1),
                                personal_id, died != NULL ? died : "không rõ", text (stmt, 3),
                                text (stmt, 4), after != NULL ? after : "không có",
                                paid != NULL ? paid : "không có"),
               g_strdup_printf ("%s (%s) is dead in the register (died %s; documents %s) but is "
                                "named in claims %s. Claims whose leave begins after the death: "
                                "%s. Payouts after the death: %s.", text (stmt, 1), personal_id,
                                died != NULL ? died : "unknown", text (stmt, 3), text (stmt, 4),
                                after != NULL ? after : "none", paid != NULL ? paid : "none"));
}

static void
scan_deaths (Scan *scan)
{
  /* A person is dead when the register's newest vital status says so (NgayChet), a death
   * registration names their personal ID (nktSoGiayTo, nktNgayChet), or their record has a death
   * date. A claimant of a claim still alive (refused and rejected aside) is an alert, with the
   * claims and payouts after the death named; a child only through a claim whose leave begins
   * after the death (a maternity claim for a child who died is a case of the rules). */
  each_row (scan,
            "WITH deaths (person, died, document) AS ("
            "  SELECT p.id, json_extract (d.fields, '$.NgayChet'), d.id FROM documents d"
            "    JOIN persons p ON p.personal_id = json_extract (d.fields, '$.SoDinhDanh')"
            "   WHERE d.kind = 'vital_status' AND d.parse_status = 'parsed'"
            "     AND json_extract (d.fields, '$.status') = 'dead'"
            "     AND NOT EXISTS (SELECT 1 FROM documents n WHERE n.kind = 'vital_status'"
            "           AND n.parse_status = 'parsed'"
            "           AND json_extract (n.fields, '$.SoDinhDanh') = p.personal_id"
            "           AND (n.fetched_at > d.fetched_at"
            "                OR (n.fetched_at = d.fetched_at AND n.id > d.id)))"
            "  UNION ALL"
            "  SELECT p.id, json_extract (r.value, '$.nktNgayChet'), d.id"
            "    FROM documents d, json_each (d.fields, '$.records') r"
            "    JOIN persons p ON p.personal_id = json_extract (r.value, '$.nktSoGiayTo')"
            "   WHERE d.kind = 'death_registration' AND d.parse_status = 'parsed'"
            "     AND json_type (d.fields, '$.records') = 'array'"
            "  UNION ALL"
            "  SELECT id, death_date, NULL FROM persons WHERE death_date IS NOT NULL),"
            " dead AS (SELECT person, min (died) AS died,"
            "                 json_group_array (DISTINCT document)"
            "                 FILTER (WHERE document IS NOT NULL) AS documents"
            "            FROM deaths GROUP BY person),"
            " named AS (SELECT d.person, c.id AS claim, c.number, c.period_from > d.died AS after"
            "             FROM dead d JOIN claims c ON c.claimant_id = d.person"
            "            WHERE c.status NOT IN (6, 9)"
            "           UNION"
            "           SELECT d.person, c.id, c.number, 1 FROM dead d"
            "             JOIN claims c ON c.child_id = d.person"
            "            WHERE c.status NOT IN (6, 9) AND c.period_from > d.died)"
            " SELECT p.personal_id, p.full_name, d.died, d.documents,"
            "        (SELECT json_group_array (number) FROM (SELECT DISTINCT number FROM named n"
            "          WHERE n.person = d.person ORDER BY number)),"
            "        (SELECT group_concat (number, ', ') FROM (SELECT DISTINCT number FROM named n"
            "          WHERE n.person = d.person AND n.after ORDER BY number)),"
            "        (SELECT group_concat (c.number || ' ('"
            "                              || substr (b.approved_at, 1, 10) || ')', ', ')"
            "           FROM payout_batch_items i JOIN payout_batches b ON b.id = i.batch_id"
            "           JOIN decisions k ON k.id = i.decision_id JOIN claims c ON c.id = k.claim_id"
            "          WHERE c.claimant_id = d.person AND b.approved_at IS NOT NULL"
            "            AND substr (b.approved_at, 1, 10) > d.died)"
            "   FROM dead d JOIN persons p ON p.id = d.person"
            "  WHERE EXISTS (SELECT 1 FROM named n WHERE n.person = d.person)"
            "  ORDER BY p.personal_id",
            on_dead, NULL);
}

static void
on_unpaid_month (Scan        *scan,
                 CdStatement *stmt,
                 gpointer     data)
{
  const char *personal_id = text (stmt, 0);
  g_autofree char *detail = g_strdup_printf ("%s|%s", text (stmt, 2), text (stmt, 5));
  gint64 days = cd_statement_get_int64 (stmt, 6);

  raise_alert (scan, "leave.unpaid_month", "person", personal_id, detail, text (stmt, 7),
               text (stmt, 8),
               g_strdup_printf ("%s (%s) nghỉ ốm theo %s (%s → %s), %" G_GINT64_FORMAT " ngày "
                                "trong tháng %s, nhưng tháng đó không đóng BHXH trong khi các "
                                "tháng trước và sau có đóng. Nghỉ dưới %d ngày không làm tháng đó "
                                "thành tháng không đóng: người lao động nghỉ không lương hoặc "
                                "không làm việc trong tháng?", text (stmt, 1), personal_id,
                                text (stmt, 2), text (stmt, 3), text (stmt, 4), days,
                                text (stmt, 5), CD_ALERT_UNPAID_MONTH_DAYS),
               g_strdup_printf ("%s (%s) is on sick leave by %s (%s → %s), %" G_GINT64_FORMAT
                                " days of them in %s, but no contribution was paid for that month "
                                "though there were for months before and after. Leave of fewer "
                                "than %d days does not make a month go without contributions: "
                                "was the worker on unpaid leave, or not employed, that month?",
                                text (stmt, 1), personal_id, text (stmt, 2), text (stmt, 3),
                                text (stmt, 4), days, text (stmt, 5), CD_ALERT_UNPAID_MONTH_DAYS));
}

static void
scan_unpaid_months (Scan *scan)
{
  /* The store has no record of annual leave or of days worked: what it has is the months the
   * employer paid contributions for. A sickness leave (a claim of the sickness family, or a
   * certificate no claim holds) in a month the person has no contribution for, between months
   * they have, with fewer than CD_ALERT_UNPAID_MONTH_DAYS days of the leave in it, is leave in a
   * month the employer declared as not worked and unpaid for some other reason. A certificate
   * whose days a claim of the person covers is that claim's (fetched before it existed). */
  g_autofree char *sql = g_strdup_printf (
    CERTIFICATES ","
    " spans (person, key, date_from, date_to, claim, documents) AS ("
    "  SELECT * FROM (SELECT person, 'certificate:' || serial, min (date_from) AS date_from,"
    "                        max (date_to) AS date_to, NULL, json_group_array (document)"
    "                   FROM certificates"
    "                  WHERE person IS NOT NULL AND serial IS NOT NULL AND claim IS NULL"
    "                    AND julianday (date_from) IS NOT NULL"
    "                    AND julianday (date_to) IS NOT NULL"
    "                  GROUP BY person, serial) s"
    "   WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.claimant_id = s.person"
    "           AND c.status NOT IN (6, 9) AND c.period_from <= s.date_from"
    "           AND c.period_to >= s.date_to)"
    "  UNION ALL"
    "  SELECT claimant_id, 'claim:' || number, period_from, period_to, number, '[]' FROM claims"
    "   WHERE status NOT IN (6, 9)"
    "     AND benefit IN (SELECT code FROM benefit_cases WHERE family = 'sickness')),"
    " months (person, key, date_from, date_to, claim, documents, month) AS ("
    "  SELECT person, key, date_from, date_to, claim, documents, strftime ('%%Y-%%m', date_from)"
    "    FROM spans WHERE date_to >= date_from"
    "  UNION ALL"
    "  SELECT person, key, date_from, date_to, claim, documents,"
    "         strftime ('%%Y-%%m', month || '-01', '+1 month')"
    "    FROM months WHERE month < strftime ('%%Y-%%m', date_to)),"
    " gaps AS ("
    "  SELECT m.*, CAST (julianday (min (date_to, date (month || '-01', '+1 month', '-1 day')))"
    "                    - julianday (max (date_from, month || '-01')) AS INTEGER) + 1 AS days"
    "    FROM months m"
    "   WHERE NOT EXISTS (SELECT 1 FROM contribution_months c"
    "                      WHERE c.person_id = m.person AND c.month = m.month)"
    "     AND EXISTS (SELECT 1 FROM contribution_months c"
    "                  WHERE c.person_id = m.person AND c.month < m.month)"
    "     AND EXISTS (SELECT 1 FROM contribution_months c"
    "                  WHERE c.person_id = m.person AND c.month > m.month))"
    " SELECT p.personal_id, p.full_name, g.key, g.date_from, g.date_to, g.month, g.days,"
    "        CASE WHEN g.claim IS NULL THEN '[]' ELSE json_array (g.claim) END,"
    "        (SELECT json_group_array (value) FROM (SELECT value FROM json_each (g.documents)"
    "          UNION SELECT id FROM documents WHERE person_id = g.person"
    "          AND kind = 'contributions' ORDER BY 1))"
    "   FROM gaps g JOIN persons p ON p.id = g.person"
    "  WHERE g.days < %d ORDER BY p.personal_id, g.key, g.month",
    CD_ALERT_UNPAID_MONTH_DAYS);

  each_row (scan, sql, on_unpaid_month, NULL);
}

static void
on_existing (Scan        *scan,
             CdStatement *stmt,
             gpointer     data)
{
  gint64 id = cd_statement_get_int64 (stmt, 0);

  g_hash_table_insert (scan->existing, g_memdup2 (&id, sizeof id),
                       GINT_TO_POINTER (g_str_equal (text (stmt, 1), "new")));
}

/* An alert still new that this scan no longer finds goes: nobody looked at it, and what raised it
 * is gone (a claim refused, a record corrected). One somebody looked at stays, its last_seen
 * saying when it was last found. */
static void
drop_vanished (Scan *scan)
{
  g_autoptr(CdStatement) stmt = NULL;
  GHashTableIter iter;
  gpointer key, still_new;

  if (scan->failed)
    return;
  stmt = cd_database_prepare (scan->db, "DELETE FROM alerts WHERE id = ?1 AND state = 'new'",
                              &scan->error);
  if (stmt == NULL)
    {
      scan->failed = TRUE;
      return;
    }
  g_hash_table_iter_init (&iter, scan->existing);
  while (g_hash_table_iter_next (&iter, &key, &still_new))
    {
      if (!GPOINTER_TO_INT (still_new) || g_hash_table_contains (scan->found, key))
        continue;
      cd_statement_bind_int64 (stmt, 1, *(gint64 *) key);
      if (!cd_statement_run (stmt, &scan->error))
        {
          scan->failed = TRUE;
          return;
        }
    }
}

gboolean
cd_alerts_scan (CdDatabase   *db,
                CdAlertScan  *result,
                GError      **error)
{
  g_autofree char *now = cd_audit_log_now ();
  g_autoptr(GHashTable) existing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           NULL);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  Scan scan = { db, NULL, now, existing, found, 0, 0, FALSE, NULL };
  GError *local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);

  if (!cd_database_begin_immediate (db, &local_error))
    return query_failed (error, _("Scanning for anomalies"), local_error);
  each_row (&scan, "SELECT id, state FROM alerts", on_existing, NULL);
  if (!scan.failed)
    scan.upsert = cd_database_prepare (db,
                                       "INSERT INTO alerts (kind, subject_kind, subject, detail,"
                                       " claims, documents, explanation_vi, explanation_en,"
                                       " first_seen, last_seen)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
                                       " ON CONFLICT (kind, subject, detail) DO UPDATE SET"
                                       " subject_kind = excluded.subject_kind,"
                                       " claims = excluded.claims,"
                                       " documents = excluded.documents,"
                                       " explanation_vi = excluded.explanation_vi,"
                                       " explanation_en = excluded.explanation_en,"
                                       " last_seen = excluded.last_seen"
                                       " RETURNING id",
                                       &scan.error);
  scan.failed = scan.failed || scan.upsert == NULL;

  scan_identity (&scan);
  scan_serials (&scan);
  scan_overlaps (&scan);
  scan_volume (&scan, ISSUER_FACILITY);
  scan_volume (&scan, ISSUER_DOCTOR);
  scan_long_leave (&scan);
  scan_contributions (&scan);
  scan_population (&scan);
  scan_deaths (&scan);
  scan_unpaid_months (&scan);
  g_clear_pointer (&scan.upsert, cd_statement_free);
  drop_vanished (&scan);

  if (scan.failed || !cd_database_commit (db, &scan.error))
    {
      cd_database_rollback (db);
      return query_failed (error, _("Scanning for anomalies"), scan.error);
    }
  if (result != NULL)
    {
      result->n_found = scan.n_found;
      result->n_new = scan.n_new;
    }
  return TRUE;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CdAlertScan *scan = g_new0 (CdAlertScan, 1);
  GError *error = NULL;

  if (!cd_alerts_scan (source_object, scan, &error))
    {
      g_free (scan);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, scan, g_free);
}

void
cd_alerts_scan_async (CdDatabase          *writer,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_DATABASE (writer));

  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_alerts_scan_async);
  cd_database_run_in_thread (writer, task, scan_thread);
}

gboolean
cd_alerts_scan_finish (GAsyncResult  *result,
                       CdAlertScan   *scan,
                       GError       **error)
{
  g_autofree CdAlertScan *found = NULL;

  g_return_val_if_fail (G_IS_TASK (result)
                        && g_task_get_source_tag (G_TASK (result)) == cd_alerts_scan_async,
                        FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;
  if (scan != NULL)
    *scan = *found;
  return TRUE;
}

/* ---- Reading and changing ---------------------------------------------------------------------- */

#define ALERT_COLUMNS \
  "id, kind, subject_kind, subject, detail, claims, documents, explanation_vi, explanation_en," \
  " first_seen, last_seen, state, note, coalesce (changed_by, 0), changed_at"

static CdAlert *
read_alert (CdStatement *stmt)
{
  CdAlert *alert = g_new0 (CdAlert, 1);

  alert->id = cd_statement_get_int64 (stmt, 0);
  alert->kind = cd_statement_dup_text (stmt, 1);
  alert->subject_kind = cd_statement_dup_text (stmt, 2);
  alert->subject = cd_statement_dup_text (stmt, 3);
  alert->detail = cd_statement_dup_text (stmt, 4);
  alert->claims = cd_statement_dup_text (stmt, 5);
  alert->documents = cd_statement_dup_text (stmt, 6);
  alert->explanation_vi = cd_statement_dup_text (stmt, 7);
  alert->explanation_en = cd_statement_dup_text (stmt, 8);
  alert->first_seen = cd_statement_dup_text (stmt, 9);
  alert->last_seen = cd_statement_dup_text (stmt, 10);
  if (!cd_alert_state_from_string (cd_statement_get_text (stmt, 11), &alert->state))
    g_assert_not_reached ();  /* the table's CHECK allows no other */
  alert->note = cd_statement_dup_text (stmt, 12);
  alert->changed_by = cd_statement_get_int64 (stmt, 13);
  alert->changed_at = cd_statement_dup_text (stmt, 14);
  return alert;
}

GPtrArray *
cd_alerts_list (CdDatabase    *db,
                gboolean       any_state,
                CdAlertState   state,
                GError       **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_alert_free);
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  stmt = cd_database_prepare (db,
                              "SELECT " ALERT_COLUMNS " FROM alerts"
                              " WHERE ?1 IS NULL OR state = ?1 ORDER BY last_seen DESC, id DESC",
                              &local_error);
  if (stmt == NULL)
    return query_failed (error, _("Reading the alerts"), local_error), NULL;
  if (!any_state)
    cd_statement_bind_text (stmt, 1, cd_alert_state_to_string (state));
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    g_ptr_array_add (alerts, read_alert (stmt));
  if (step == CD_STEP_FAILED)
    return query_failed (error, _("Reading the alerts"), local_error), NULL;
  return g_steal_pointer (&alerts);
}

static char *
state_json (const char *state,
            const char *note)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "note");
  if (note != NULL)
    json_builder_add_string_value (builder, note);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
cd_alerts_set_state (CdDatabase    *db,
                     CdSession     *session,
                     gint64         alert_id,
                     CdAlertState   state,
                     const char    *note,
                     GError       **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autofree char *old_state = NULL;
  g_autofree char *old_note = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = cd_audit_log_now ();
  const char *new_state = cd_alert_state_to_string (state);
  const char *new_note;
  GError *local_error = NULL;
  CdAuditEntry entry = { 0 };
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (new_state != NULL, FALSE);

  /* Looking into an anomaly is the office's oversight, not the deciding officer's; referring one
   * for inspection is a step taken for the office (cd-access.h). */
  if (!cd_access_require (session, state == CD_ALERT_REFERRED ? CD_ACCESS_ALERTS_REFER
                                                             : CD_ACCESS_ALERTS_CHANGE_STATE,
                          error))
    return FALSE;

  if (!cd_database_begin_immediate (db, &local_error))
    return query_failed (error, _("Changing an alert"), local_error);
  stmt = cd_database_prepare (db, "SELECT state, note FROM alerts WHERE id = ?1", &local_error);
  if (stmt == NULL)
    goto failed;
  cd_statement_bind_int64 (stmt, 1, alert_id);
  step = cd_statement_step (stmt, &local_error);
  if (step == CD_STEP_FAILED)
    goto failed;
  if (step == CD_STEP_DONE)
    {
      cd_database_rollback (db);
      g_set_error (error, CD_ALERTS_ERROR, CD_ALERTS_ERROR_NOT_FOUND,
                   _("There is no alert %lld"), (long long) alert_id);
      return FALSE;
    }
  old_state = cd_statement_dup_text (stmt, 0);
  old_note = cd_statement_dup_text (stmt, 1);
  g_clear_pointer (&stmt, cd_statement_free);
  new_note = note != NULL ? note : old_note;
  if (g_strcmp0 (old_state, new_state) == 0 && g_strcmp0 (old_note, new_note) == 0)
    {
      cd_database_rollback (db);
      return TRUE;
    }

  stmt = cd_database_prepare (db,
                              "UPDATE alerts SET state = ?2, note = ?3, changed_by = ?4,"
                              " changed_at = ?5 WHERE id = ?1",
                              &local_error);
  if (stmt == NULL)
    goto failed;
  cd_statement_bind_int64 (stmt, 1, alert_id);
  cd_statement_bind_text (stmt, 2, new_state);
  if (new_note != NULL)
    cd_statement_bind_text (stmt, 3, new_note);
  else
    cd_statement_bind_null (stmt, 3);
  cd_statement_bind_int64 (stmt, 4, cd_session_get_user_id (session));
  cd_statement_bind_text (stmt, 5, now);
  if (!cd_statement_run (stmt, &local_error))
    goto failed;

  before = state_json (old_state, old_note);
  after = state_json (new_state, new_note);
  entry.at = now;
  entry.user_id = cd_session_get_user_id (session);
  entry.action = "alert.state";
  entry.entity = "alert";
  entry.entity_id = alert_id;
  entry.before = before;
  entry.after = after;
  if (!cd_audit_log_append (db, &entry, &local_error) || !cd_database_commit (db, &local_error))
    goto failed;
  return TRUE;

failed:
  cd_database_rollback (db);
  return query_failed (error, _("Changing an alert"), local_error);
}

typedef struct
{
  CdSession    *session;
  gint64        alert_id;
  CdAlertState  state;
  char         *note;
} StateJob;

static void
state_job_free (StateJob *job)
{
  g_clear_object (&job->session);
  g_free (job->note);
  g_free (job);
}

static void
set_state_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  StateJob *job = task_data;
  GError *error = NULL;

  if (!cd_alerts_set_state (source_object, job->session, job->alert_id, job->state, job->note,
                            &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cd_alerts_set_state_async (CdDatabase          *writer,
                           CdSession           *session,
                           gint64               alert_id,
                           CdAlertState         state,
                           const char          *note,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StateJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (CD_IS_SESSION (session));

  job = g_new0 (StateJob, 1);
  job->session = g_object_ref (session);
  job->alert_id = alert_id;
  job->state = state;
  job->note = g_strdup (note);
  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_alerts_set_state_async);
  g_task_set_task_data (task, job, (GDestroyNotify) state_job_free);
  cd_database_run_in_thread (writer, task, set_state_thread);
}

gboolean
cd_alerts_set_state_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result)
                        && g_task_get_source_tag (G_TASK (result)) == cd_alerts_set_state_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cd_alert_document_free (CdAlertDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->kind);
  g_free (document->source_system);
  g_free (document->fetched_at);
  g_free (document->claim_number);
  g_free (document);
}

GPtrArray *
cd_alerts_documents (CdDatabase     *db,
                     const CdAlert  *alert,
                     GError        **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (
    (GDestroyNotify) cd_alert_document_free);
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (alert != NULL, NULL);

  stmt = cd_database_prepare (db,
                              "SELECT d.id, d.kind, d.source_system, d.fetched_at, c.number"
                              " FROM json_each (?1) j JOIN documents d ON d.id = j.value"
                              " LEFT JOIN claims c ON c.id = d.claim_id ORDER BY j.key",
                              &local_error);
  if (stmt == NULL)
    return query_failed (error, _("Reading the alerts"), local_error), NULL;
  cd_statement_bind_text (stmt, 1, alert->documents != NULL ? alert->documents : "[]");
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdAlertDocument *document = g_new0 (CdAlertDocument, 1);

      document->id = cd_statement_get_int64 (stmt, 0);
      document->kind = cd_statement_dup_text (stmt, 1);
      document->source_system = cd_statement_dup_text (stmt, 2);
      document->fetched_at = cd_statement_dup_text (stmt, 3);
      document->claim_number = cd_statement_dup_text (stmt, 4);
      g_ptr_array_add (documents, document);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, _("Reading the alerts"), local_error), NULL;
  return g_steal_pointer (&documents);
}

/* Sets the norm `key` (one of the two settings), by an administrator, with its audit entry. */
static gboolean
set_norm (CdDatabase  *db,
          CdSession   *admin,
          const char  *key,
          gint64       old_norm,
          gint64       norm,
          GError     **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GError *local_error = NULL;
  CdAuditEntry entry = { 0 };

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (admin), FALSE);

  if (!cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), _("change the office rules"),
                                error))
    return FALSE;
  if (norm < 1)
    {
      g_set_error (error, CD_ALERTS_ERROR, CD_ALERTS_ERROR_INVALID,
                   _("The norm of leave certificates a day must be at least 1, not %lld."),
                   (long long) norm);
      return FALSE;
    }

  if (!cd_database_begin_immediate (db, &local_error))
    return query_failed (error, _("Changing the alert norm"), local_error);
  before = g_strdup_printf ("{\"%s\":%" G_GINT64_FORMAT "}", key, old_norm);
  after = g_strdup_printf ("{\"%s\":%" G_GINT64_FORMAT "}", key, norm);
  entry.user_id = cd_session_get_user_id (admin);
  entry.action = "settings.change";
  entry.entity = "settings";
  entry.before = before;
  entry.after = after;
  if (!cd_settings_set_int64 (db, key, norm, &local_error)
      || !cd_audit_log_append (db, &entry, &local_error)
      || !cd_database_commit (db, &local_error))
    {
      cd_database_rollback (db);
      return query_failed (error, _("Changing the alert norm"), local_error);
    }
  return TRUE;
}

gboolean
cd_alerts_set_facility_norm (CdDatabase  *db,
                             CdSession   *admin,
                             gint64       norm,
                             GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);

  return set_norm (db, admin, CD_SETTING_ALERT_FACILITY_NORM, cd_alerts_get_facility_norm (db),
                   norm, error);
}

gboolean
cd_alerts_set_doctor_norm (CdDatabase  *db,
                           CdSession   *admin,
                           gint64       norm,
                           GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);

  return set_norm (db, admin, CD_SETTING_ALERT_DOCTOR_NORM, cd_alerts_get_doctor_norm (db), norm,
                   error);
}

/* ---- Who sees which alert ------------------------------------------------------------------ */

/* Whether any claim the JSON array `claims` names is worked by `officer_id`. */
static gboolean
names_claim_of (CdDatabase *db,
                const char *claims,
                gint64      officer_id)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (db,
                                                     "SELECT 1 FROM claims WHERE officer_id = ?2"
                                                     " AND number IN (SELECT value FROM json_each"
                                                     " (?1)) LIMIT 1",
                                                     NULL);

  if (stmt == NULL || claims == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, claims);
  cd_statement_bind_int64 (stmt, 2, officer_id);
  return cd_statement_step (stmt, NULL) == CD_STEP_ROW;
}

gboolean
cd_alerts_can_see (CdDatabase    *db,
                   CdSession     *session,
                   const CdAlert *alert)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (alert != NULL, FALSE);

  /* Oversight sees every alert; an officer what touches the claims in their own hands, and no
   * other officer's (cd-access.h). */
  if (cd_access_allows (session, CD_ACCESS_ALERTS_ALL))
    return TRUE;
  return cd_access_allows (session, CD_ACCESS_ALERTS_OWN)
         && names_claim_of (db, alert->claims, cd_session_get_user_id (session));
}

GPtrArray *
cd_alerts_list_for (CdDatabase    *db,
                    CdSession     *session,
                    gboolean       any_state,
                    CdAlertState   state,
                    GError       **error)
{
  g_autoptr(GPtrArray) alerts = NULL;

  g_return_val_if_fail (CD_IS_SESSION (session), NULL);

  alerts = cd_alerts_list (db, any_state, state, error);
  if (alerts == NULL)
    return NULL;
  for (guint i = alerts->len; i > 0; i--)
    if (!cd_alerts_can_see (db, session, g_ptr_array_index (alerts, i - 1)))
      g_ptr_array_remove_index (alerts, i - 1);
  return g_steal_pointer (&alerts);
}

gboolean
cd_alerts_count_new (CdDatabase  *db,
                     gint64       officer_id,
                     gint64      *count,
                     GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  stmt = cd_database_prepare (db,
                              "SELECT count (*) FROM alerts a WHERE a.state = 'new'"
                              " AND (?1 < 0 OR EXISTS (SELECT 1 FROM json_each (a.claims) j"
                              "      JOIN claims c ON c.number = j.value WHERE c.officer_id = ?1))",
                              &local_error);
  if (stmt == NULL)
    return query_failed (error, _("Reading the alerts"), local_error);
  cd_statement_bind_int64 (stmt, 1, officer_id);
  if (cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    return query_failed (error, _("Reading the alerts"), local_error);
  *count = cd_statement_get_int64 (stmt, 0);
  return TRUE;
}

gint64
cd_alerts_count_for_claim (CdDatabase  *db,
                           const char  *number,
                           GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  gint64 n;

  g_return_val_if_fail (CD_IS_DATABASE (db), -1);
  g_return_val_if_fail (number != NULL, -1);

  /* A few hundred alerts at most in an office: a scan of their claims arrays is cheap. */
  stmt = cd_database_prepare (db,
                              "SELECT count (*) FROM alerts a WHERE EXISTS"
                              " (SELECT 1 FROM json_each (a.claims) WHERE value = ?1)",
                              &local_error);
  if (stmt == NULL)
    return query_failed (error, _("Reading the alerts"), local_error), -1;
  cd_statement_bind_text (stmt, 1, number);
  if (cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    return query_failed (error, _("Reading the alerts"), local_error), -1;
  n = cd_statement_get_int64 (stmt, 0);
  return n;
}

void
cd_alert_change_free (CdAlertChange *change)
{
  if (change == NULL)
    return;
  g_free (change->at);
  g_free (change->user_name);
  g_free (change->state_before);
  g_free (change->state_after);
  g_free (change->note);
  g_free (change);
}

GPtrArray *
cd_alerts_history (CdDatabase  *db,
                   gint64       alert_id,
                   GError     **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) cd_alert_change_free);
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  stmt = cd_database_prepare (db,
                              "SELECT l.at, coalesce (l.user_id, 0), u.full_name,"
                              " json_extract (l.before, '$.state'),"
                              " json_extract (l.after, '$.state'), json_extract (l.after, '$.note')"
                              " FROM audit_log l LEFT JOIN users u ON u.id = l.user_id"
                              " WHERE l.entity = 'alert' AND l.entity_id = ?1"
                              " AND l.action = 'alert.state' ORDER BY l.seq",
                              &local_error);
  if (stmt == NULL)
    return query_failed (error, _("Reading the alert’s history"), local_error), NULL;
  cd_statement_bind_int64 (stmt, 1, alert_id);
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdAlertChange *change = g_new0 (CdAlertChange, 1);

      change->at = cd_statement_dup_text (stmt, 0);
      change->user_id = cd_statement_get_int64 (stmt, 1);
      change->user_name = cd_statement_dup_text (stmt, 2);
      change->state_before = cd_statement_dup_text (stmt, 3);
      change->state_after = cd_statement_dup_text (stmt, 4);
      change->note = cd_statement_dup_text (stmt, 5);
      g_ptr_array_add (changes, change);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (error, _("Reading the alert’s history"), local_error), NULL;
  return g_steal_pointer (&changes);
}
