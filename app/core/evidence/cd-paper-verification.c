/* cd-paper-verification.c — paper evidence checked against the electronic record, deferred. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-claim-types.h"
#include "cd-date.h"
#include "cd-evidence-store.h"
#include "cd-identifiers.h"
#include "cd-json-util.h"
#include "cd-office-settings.h"
#include "cd-paper-rule.h"
#include "cd-paper-verification.h"
#include "cd-persons.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-paper-verification-error-quark, cd_paper_verification_error)

/* How far around the paper's dates the re-fetch looks: a treatment episode begins before the
 * certificate it produced, a discharge follows it. */
#define WINDOW_BEFORE_DAYS 60
#define WINDOW_AFTER_DAYS  30

/* What identifies a document of each kind: its serial (cd-moh-tables.c's names; the
 * civil-status register's for registrations), the issuing facility where the table carries it,
 * and the dates that place it. */
static const struct
{
  const char       *kind;
  CdEvidenceSource  source;
  const char       *serial;
  const char       *facility;
  const char       *dates[3];
} kinds[] = {
  { "visit_summary", CD_EVIDENCE_MEDICAL, "MA_LK", "MA_CSKCB", { "NGAY_VAO", "NGAY_RA", NULL } },
  { "discharge_paper", CD_EVIDENCE_MEDICAL, "SO_LUU_TRU", NULL, { "NGAY_VAO", "NGAY_RA", NULL } },
  { "record_summary", CD_EVIDENCE_MEDICAL, "MA_LK", NULL, { "NGAY_VAO", "NGAY_RA", NULL } },
  { "birth_certificate", CD_EVIDENCE_MEDICAL, "SO", NULL, { "NGAY_SINH_CON", NULL, NULL } },
  { "pregnancy_rest", CD_EVIDENCE_MEDICAL, "SO_SERI", NULL, { "TU_NGAY", "DEN_NGAY", NULL } },
  { "leave_certificate", CD_EVIDENCE_MEDICAL, "SO_SERI", NULL, { "TU_NGAY", "DEN_NGAY", NULL } },
  { "medical_assessment", CD_EVIDENCE_MEDICAL_ASSESSMENT, "SO_BIEN_BAN", "MA_DONVI",
    { "NGAY_HOP", NULL, NULL } },
  { "referral", CD_EVIDENCE_MEDICAL, "SO_CHUYENTUYEN", "MA_NOI_DI",
    { "NGAY_VAO", "NGAY_RA", NULL } },
  { "birth_registration", CD_EVIDENCE_CIVIL_BIRTHS, "soDangKy", NULL,
    { "nksNgaySinh", "ngayDangKy", NULL } },
  { "death_registration", CD_EVIDENCE_CIVIL_DEATHS, "soDangKy", NULL,
    { "nktNgayChet", "ngayDangKy", NULL } },
};

const char *
cd_paper_outcome_to_string (CdPaperOutcome outcome)
{
  static const char * const names[] = { "verified", "mismatch", "not_found", "unreachable" };

  g_return_val_if_fail (outcome <= CD_PAPER_OUTCOME_UNREACHABLE, NULL);
  return names[outcome];
}

static void
discrepancy_free (CdPaperDiscrepancy *d)
{
  g_free (d->field);
  g_free (d->paper);
  g_free (d->electronic);
  g_free (d);
}

void
cd_paper_check_free (CdPaperCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->personal_id);
  g_free (check->kind);
  g_free (check->serial);
  g_clear_pointer (&check->discrepancies, g_ptr_array_unref);
  g_free (check->message);
  g_free (check);
}

char *
cd_paper_check_discrepancies_json (const CdPaperCheck *check)
{
  GString *out = g_string_new ("[");

  g_return_val_if_fail (check != NULL, NULL);

  for (guint i = 0; check->discrepancies != NULL && i < check->discrepancies->len; i++)
    {
      CdPaperDiscrepancy *d = g_ptr_array_index (check->discrepancies, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"electronic\":");
      g_string_append (out, d->electronic);
      g_string_append (out, ",\"field\":");
      cd_canonical_json_append_string (out, d->field);
      g_string_append (out, ",\"paper\":");
      g_string_append (out, d->paper);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static int
kind_index (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return (int) i;
  return -1;
}

/* --- Records ---------------------------------------------------------------------------------- */

/* The records a document's fields hold: {"records": […]} (a paper entry, a civil-status answer,
 * a medical assessment) or the record itself (a table split out of a medical envelope). */
static GPtrArray *
records_of (JsonNode *root)
{
  GPtrArray *out = g_ptr_array_new ();
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return out;
  object = json_node_get_object (root);
  if (json_object_has_member (object, "records")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "records")))
    {
      JsonArray *records = json_object_get_array_member (object, "records");

      for (guint i = 0; i < json_array_get_length (records); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (records, i)))
          g_ptr_array_add (out, json_array_get_object_element (records, i));
    }
  else
    g_ptr_array_add (out, object);
  return out;
}

/* A value as JSON text, so that a number and a string compare as what they are; text is trimmed,
 * as the officer may have typed a space the register does not have. */
static char *
value_text (JsonObject *record,
            const char *field)
{
  JsonNode *node = record != NULL && field != NULL && json_object_has_member (record, field)
                   ? json_object_get_member (record, field) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (json_node_get_string (node)));
      GString *out = g_string_new (NULL);

      cd_canonical_json_append_string (out, trimmed);
      return g_string_free (out, FALSE);
    }
  {
    char *text = cd_canonical_json (node, NULL);

    return text != NULL ? text : json_to_string (node, FALSE);
  }
}

/* The plain string of a key field, or NULL when absent or empty. */
static char *
key_text (JsonObject *record,
          const char *field)
{
  JsonNode *node = record != NULL && field != NULL && json_object_has_member (record, field)
                   ? json_object_get_member (record, field) : NULL;
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strstrip (g_strdup (json_node_get_string (node)));
  else
    text = value_text (record, field);
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static gboolean
same_key (JsonObject *a,
          JsonObject *b,
          const char *field)
{
  g_autofree char *x = key_text (a, field);
  g_autofree char *y = key_text (b, field);

  return x != NULL && y != NULL && g_str_equal (x, y);
}

/* Same facility (when both carry one) and every date the paper gives. */
static gboolean
same_place_and_dates (JsonObject *paper,
                      JsonObject *electronic,
                      int         k)
{
  guint n_dates = 0;

  if (kinds[k].facility != NULL)
    {
      g_autofree char *x = key_text (paper, kinds[k].facility);
      g_autofree char *y = key_text (electronic, kinds[k].facility);

      if (x != NULL && y != NULL && !g_str_equal (x, y))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds[k].dates) && kinds[k].dates[i] != NULL; i++)
    {
      g_autofree char *x = key_text (paper, kinds[k].dates[i]);

      if (x == NULL)
        continue;
      if (!same_key (paper, electronic, kinds[k].dates[i]))
        return FALSE;
      n_dates++;
    }
  return n_dates > 0;
}

/* A value as compared: a diagnosis without the dagger or asterisk a hospital's export may add
 * (G55.2* on the record is the G55.2 printed on the paper). */
static char *
comparable_text (JsonObject *record,
                 const char *field)
{
  JsonNode *node = record != NULL && json_object_has_member (record, field)
                   ? json_object_get_member (record, field) : NULL;

  if (g_str_equal (field, "MA_BENH_CHINH") && node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *code = cd_identifier_icd10_without_mark (json_node_get_string (node));
      GString *out = g_string_new (NULL);

      cd_canonical_json_append_string (out, code);
      return g_string_free (out, FALSE);
    }
  return value_text (record, field);
}

/* Every field the paper gives, against the electronic record's. */
static GPtrArray *
compare (JsonObject *paper,
         JsonObject *electronic)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) discrepancy_free);
  g_autoptr(GList) members = json_object_get_members (paper);

  members = g_list_sort (members, (GCompareFunc) g_strcmp0);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *a = comparable_text (paper, l->data);
      g_autofree char *b = comparable_text (electronic, l->data);

      /* A field left empty on paper claims nothing. */
      if (g_str_equal (a, "null") || g_str_equal (a, "\"\"") || g_str_equal (a, b))
        continue;
      {
        CdPaperDiscrepancy *d = g_new0 (CdPaperDiscrepancy, 1);

        d->field = g_strdup (l->data);
        d->paper = g_steal_pointer (&a);
        d->electronic = g_steal_pointer (&b);
        g_ptr_array_add (out, d);
      }
    }
  return out;
}

/* --- Matching --------------------------------------------------------------------------------- */

typedef struct
{
  gint64    id;
  JsonNode *fields;
} Electronic;

static void
electronic_free (Electronic *e)
{
  g_clear_pointer (&e->fields, json_node_unref);
  g_free (e);
}

/* The issuing facility, the diagnosis and the patient: a paper leave certificate or discharge
 * paper prints them (cd-paper-kinds.c), but electronically they live in the envelope's visit
 * summary, not in the table. A record is completed with them where it does not carry its own, so
 * a paper copy of it compares equal. */
static const char * const envelope_fields[] = { "MA_CSKCB", "MA_BENH_CHINH", "SO_CCCD" };

static void
add_envelope_fields (JsonNode   *fields,
                     JsonObject *visit)
{
  g_autoptr(GPtrArray) records = records_of (fields);

  for (guint r = 0; r < records->len; r++)
    for (guint i = 0; i < G_N_ELEMENTS (envelope_fields); i++)
      {
        JsonObject *record = g_ptr_array_index (records, r);

        if (!json_object_has_member (record, envelope_fields[i])
            && json_object_has_member (visit, envelope_fields[i]))
          json_object_set_member (record, envelope_fields[i],
                                  json_node_copy (json_object_get_member (visit,
                                                                          envelope_fields[i])));
      }
}

/* The person's parsed electronic documents of `kind`, newest first. */
static GPtrArray *
load_electronic (CdDatabase  *db,
                 gint64       person_id,
                 const char  *kind,
                 GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) electronic_free);
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  /* A table split out of an envelope comes with its envelope's visit summary (XML1): it holds
   * what the paper prints but the table does not (see envelope_fields). */
  stmt = cd_database_prepare (db,
                              "SELECT d.id, d.fields,"
                              " (SELECT v.fields FROM documents v WHERE d.parent_id IS NOT NULL"
                              "  AND v.parent_id = d.parent_id AND v.kind = 'visit_summary'"
                              "  AND v.parse_status = 'parsed' ORDER BY v.id LIMIT 1)"
                              " FROM documents d WHERE d.person_id = ? AND d.kind = ?"
                              " AND d.source_system <> 'manual' AND d.parse_status = 'parsed'"
                              " AND d.fields IS NOT NULL ORDER BY d.fetched_at DESC, d.id DESC",
                              error);
  if (stmt == NULL)
    return NULL;
  cd_statement_bind_int64 (stmt, 1, person_id);
  cd_statement_bind_text (stmt, 2, kind);
  while ((step = cd_statement_step (stmt, error)) == CD_STEP_ROW)
    {
      Electronic *e = g_new0 (Electronic, 1);

      e->id = cd_statement_get_int64 (stmt, 0);
      e->fields = json_from_string (cd_statement_get_text (stmt, 1), NULL);
      if (cd_statement_get_text (stmt, 2) != NULL)
        {
          g_autoptr(JsonNode) visit = json_from_string (cd_statement_get_text (stmt, 2), NULL);
          g_autoptr(GPtrArray) visits = records_of (visit);

          if (visits->len > 0)
            add_envelope_fields (e->fields, g_ptr_array_index (visits, 0));
        }
      g_ptr_array_add (out, e);
    }
  if (step == CD_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&out);
}

typedef struct
{
  CdPaperCheck *check;
  char         *state_before;  /* paper_state on record */
  char         *last_result;   /* the newest verifications row's result for it, or NULL */
  char         *last_discrepancies;
  char         *fields;        /* the paper's fields, JSON text */
} Pending;

static void
pending_free (Pending *p)
{
  cd_paper_check_free (p->check);
  g_free (p->state_before);
  g_free (p->last_result);
  g_free (p->last_discrepancies);
  g_free (p->fields);
  g_free (p);
}

static void
match_one (CdPaperCheck *check,
           JsonObject   *paper,
           GPtrArray    *electronic,
           int           k,
           gboolean      answered)
{
  JsonObject *by_place = NULL;
  gint64 by_place_id = 0;

  check->serial = key_text (paper, kinds[k].serial);
  for (guint i = 0; i < electronic->len; i++)
    {
      Electronic *e = g_ptr_array_index (electronic, i);
      g_autoptr(GPtrArray) records = records_of (e->fields);

      for (guint r = 0; r < records->len; r++)
        {
          JsonObject *record = g_ptr_array_index (records, r);

          /* The serial decides first: the newest record carrying it is the register's word. */
          if (check->serial != NULL && same_key (paper, record, kinds[k].serial))
            {
              check->electronic_id = e->id;
              check->discrepancies = compare (paper, record);
              check->outcome = check->discrepancies->len == 0 ? CD_PAPER_OUTCOME_VERIFIED
                                                              : CD_PAPER_OUTCOME_MISMATCH;
              return;
            }
          if (by_place == NULL && same_place_and_dates (paper, record, k))
            {
              by_place = record;
              by_place_id = e->id;
            }
        }
    }
  if (by_place != NULL)
    {
      /* Same facility and dates under another serial: the paper's serial is itself wrong. */
      check->electronic_id = by_place_id;
      check->discrepancies = compare (paper, by_place);
      check->outcome = check->discrepancies->len == 0 ? CD_PAPER_OUTCOME_VERIFIED
                                                      : CD_PAPER_OUTCOME_MISMATCH;
      return;
    }
  check->outcome = answered ? CD_PAPER_OUTCOME_NOT_FOUND : CD_PAPER_OUTCOME_UNREACHABLE;
  if (!answered)
    check->message = g_strdup_printf (_("%s could not be reached"),
                                      cd_evidence_source_get_system (kinds[k].source));
}

static const char *
result_of (CdPaperOutcome outcome)
{
  switch (outcome)
    {
    case CD_PAPER_OUTCOME_VERIFIED:
      return "match";
    case CD_PAPER_OUTCOME_MISMATCH:
      return "mismatch";
    case CD_PAPER_OUTCOME_NOT_FOUND:
      return "not_found";
    case CD_PAPER_OUTCOME_UNREACHABLE:
    default:
      return NULL;
    }
}

static const char *
state_of (CdPaperOutcome outcome)
{
  return outcome == CD_PAPER_OUTCOME_VERIFIED ? "verified" : result_of (outcome);
}

static gboolean
record_outcome (CdDatabase   *db,
                gint64        person_id,
                Pending      *p,
                const char   *at,
                GError      **error)
{
  CdPaperCheck *check = p->check;
  g_autofree char *discrepancies = cd_paper_check_discrepancies_json (check);
  g_autofree char *request = NULL;
  g_autoptr(CdStatement) insert = NULL;
  g_autoptr(CdStatement) update = NULL;
  int k = kind_index (check->kind);
  const char *source = k >= 0 && (kinds[k].source == CD_EVIDENCE_CIVIL_BIRTHS
                                  || kinds[k].source == CD_EVIDENCE_CIVIL_DEATHS)
                       ? "civil_status" : "medical";

  if (check->electronic_id > 0)
    request = g_strdup_printf ("{\"electronic_document_id\":%" G_GINT64_FORMAT
                               ",\"paper_document_id\":%" G_GINT64_FORMAT "}",
                               check->electronic_id, check->document_id);
  else
    request = g_strdup_printf ("{\"electronic_document_id\":null,\"paper_document_id\":%"
                               G_GINT64_FORMAT "}", check->document_id);

  insert = cd_database_prepare (db,
                                "INSERT INTO verifications (claim_id, person_id, source, request,"
                                " result, discrepancies, document_id, checked_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (insert == NULL)
    return FALSE;
  if (check->claim_id > 0)
    cd_statement_bind_int64 (insert, 1, check->claim_id);
  else
    cd_statement_bind_null (insert, 1);
  cd_statement_bind_int64 (insert, 2, person_id);
  cd_statement_bind_text (insert, 3, source);
  cd_statement_bind_text (insert, 4, request);
  cd_statement_bind_text (insert, 5, result_of (check->outcome));
  cd_statement_bind_text (insert, 6, discrepancies);
  cd_statement_bind_int64 (insert, 7, check->document_id);
  cd_statement_bind_text (insert, 8, at);
  if (!cd_statement_run (insert, error))
    return FALSE;

  update = cd_database_prepare (db,
                                "UPDATE documents SET paper_state = ?, paper_checked_at = ?"
                                " WHERE id = ?",
                                error);
  if (update == NULL)
    return FALSE;
  cd_statement_bind_text (update, 1, state_of (check->outcome));
  cd_statement_bind_text (update, 2, at);
  cd_statement_bind_int64 (update, 3, check->document_id);
  return cd_statement_run (update, error);
}

static gboolean
audit_run (CdDatabase   *db,
           gint64        user_id,
           gint64        person_id,
           GPtrArray    *pending,
           const char   *at,
           GError      **error)
{
  g_autoptr(GString) after = g_string_new ("[");
  CdAuditEntry entry = { 0 };
  guint n = 0;

  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);

      if (!p->check->changed)
        continue;
      g_string_append_printf (after,
                              "%s{\"document_id\":%" G_GINT64_FORMAT ",\"paper_state\":\"%s\"}",
                              n++ > 0 ? "," : "", p->check->document_id,
                              state_of (p->check->outcome));
    }
  g_string_append_c (after, ']');
  if (n == 0)
    return TRUE;
  entry.at = at;
  entry.user_id = user_id;
  entry.action = "paper.verify";
  entry.entity = "person";
  entry.entity_id = person_id;
  entry.after = after->str;
  return cd_audit_log_append (db, &entry, error);
}

static gboolean
failed (GError       **error,
        GError        *cause,
        const char    *personal_id)
{
  g_set_error (error, CD_PAPER_VERIFICATION_ERROR, CD_PAPER_VERIFICATION_ERROR_FAILED,
               _("The paper documents of %s could not be verified; nothing was changed: %s"),
               personal_id, cause != NULL ? cause->message : "?");
  g_clear_error (&cause);
  return FALSE;
}

static gboolean
find_person (CdDatabase  *db,
             const char  *personal_id,
             gint64      *person_id,
             GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  stmt = cd_database_prepare (db, "SELECT id FROM persons WHERE personal_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, personal_id);
  step = cd_statement_step (stmt, error);
  if (step == CD_STEP_FAILED)
    return FALSE;
  if (step == CD_STEP_DONE)
    {
      g_set_error (error, CD_PAPER_VERIFICATION_ERROR, CD_PAPER_VERIFICATION_ERROR_NOT_FOUND,
                   _("No person with personal ID %s is in the store."), personal_id);
      return FALSE;
    }
  *person_id = cd_statement_get_int64 (stmt, 0);
  return TRUE;
}

/* The person's paper documents with what is on record about them. */
static GPtrArray *
load_paper (CdDatabase  *db,
            gint64       person_id,
            const char  *personal_id,
            GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  stmt = cd_database_prepare (db,
                              "SELECT d.id, coalesce(d.claim_id, 0), d.kind, d.fields,"
                              " d.paper_state, v.result, v.discrepancies FROM documents d"
                              " LEFT JOIN verifications v ON v.id = (SELECT max(id)"
                              "  FROM verifications WHERE document_id = d.id)"
                              " WHERE d.person_id = ? AND d.source_system = 'manual'"
                              " AND d.parent_id IS NULL AND d.paper_state IS NOT NULL"
                              " ORDER BY d.id",
                              error);
  if (stmt == NULL)
    return NULL;
  cd_statement_bind_int64 (stmt, 1, person_id);
  while ((step = cd_statement_step (stmt, error)) == CD_STEP_ROW)
    {
      Pending *p = g_new0 (Pending, 1);

      p->check = g_new0 (CdPaperCheck, 1);
      p->check->document_id = cd_statement_get_int64 (stmt, 0);
      p->check->claim_id = cd_statement_get_int64 (stmt, 1);
      p->check->kind = cd_statement_dup_text (stmt, 2);
      p->check->personal_id = g_strdup (personal_id);
      p->fields = cd_statement_dup_text (stmt, 3);
      p->state_before = cd_statement_dup_text (stmt, 4);
      p->last_result = cd_statement_dup_text (stmt, 5);
      p->last_discrepancies = cd_statement_dup_text (stmt, 6);
      g_ptr_array_add (out, p);
    }
  if (step == CD_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
cd_paper_verification_match (CdDatabase  *db,
                             const char  *personal_id,
                             guint        answered,
                             gint64       user_id,
                             GError     **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GHashTable) electronic = NULL;
  g_autofree char *at = cd_audit_log_now ();
  GPtrArray *out;
  GError *local_error = NULL;
  gint64 person_id = 0;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (personal_id != NULL, NULL);

  if (!cd_database_begin_immediate (db, &local_error))
    {
      failed (error, local_error, personal_id);
      return NULL;
    }
  if (!find_person (db, personal_id, &person_id, &local_error))
    {
      cd_database_rollback (db);
      if (g_error_matches (local_error, CD_PAPER_VERIFICATION_ERROR,
                           CD_PAPER_VERIFICATION_ERROR_NOT_FOUND))
        g_propagate_error (error, local_error);
      else
        failed (error, local_error, personal_id);
      return NULL;
    }
  pending = load_paper (db, person_id, personal_id, &local_error);
  if (pending == NULL)
    goto fail;

  electronic = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);
      CdPaperCheck *check = p->check;
      g_autoptr(JsonNode) root = p->fields != NULL ? json_from_string (p->fields, NULL) : NULL;
      g_autoptr(GPtrArray) records = records_of (root);
      GPtrArray *candidates;
      int k = kind_index (check->kind);

      if (k < 0 || records->len == 0)
        {
          /* A kind no register holds ('other') or fields nobody can read: nothing to match. */
          check->outcome = CD_PAPER_OUTCOME_NOT_FOUND;
          if (p->last_result != NULL && g_str_equal (p->last_result, "not_found"))
            continue;
          check->discrepancies = g_ptr_array_new ();
          check->changed = TRUE;
          continue;
        }
      candidates = g_hash_table_lookup (electronic, check->kind);
      if (candidates == NULL)
        {
          candidates = load_electronic (db, person_id, check->kind, &local_error);
          if (candidates == NULL)
            goto fail;
          g_hash_table_insert (electronic, g_strdup (check->kind), candidates);
        }
      match_one (check, g_ptr_array_index (records, 0), candidates, k,
                 (answered & (1u << kinds[k].source)) != 0);
      if (check->outcome == CD_PAPER_OUTCOME_UNREACHABLE)
        continue;
      /* The same outcome as the one on record changes nothing. */
      {
        g_autofree char *now = cd_paper_check_discrepancies_json (check);
        g_autofree char *before = p->last_discrepancies != NULL
                                  ? cd_canonical_json_from_text (p->last_discrepancies, NULL)
                                  : NULL;

        if (g_strcmp0 (p->state_before, state_of (check->outcome)) == 0
            && g_strcmp0 (p->last_result, result_of (check->outcome)) == 0
            && g_strcmp0 (before, now) == 0)
          continue;
      }
      check->changed = TRUE;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);

      if (p->check->changed && !record_outcome (db, person_id, p, at, &local_error))
        goto fail;
    }
  if (!audit_run (db, user_id, person_id, pending, at, &local_error)
      || !cd_database_commit (db, &local_error))
    goto fail;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_paper_check_free);
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);

      g_ptr_array_add (out, g_steal_pointer (&p->check));
    }
  return out;

fail:
  cd_database_rollback (db);
  failed (error, local_error, personal_id);
  return NULL;
}

/* --- Who is due ------------------------------------------------------------------------------- */

GPtrArray *
cd_paper_verification_list_due (CdDatabase  *db,
                                guint        stale_days,
                                GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_days (now, -(int) stale_days);
  g_autofree char *cutoff = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  stmt = cd_database_prepare (db,
                              "SELECT p.personal_id FROM persons p JOIN ("
                              "  SELECT person_id AS id, 1 AS paper FROM documents"
                              "   WHERE " CD_PAPER_WAITING_SQL
                              "  UNION"
                              "  SELECT c.claimant_id, 0 FROM claims c WHERE ?1 > 0"
                              "   AND " CD_STALE_CLAIM_SQL ("?2")
                              " ) due ON due.id = p.id"
                              " GROUP BY p.id ORDER BY max(due.paper) DESC, p.personal_id",
                              error);
  if (stmt == NULL)
    return NULL;
  cd_statement_bind_int64 (stmt, 1, stale_days);
  cd_statement_bind_text (stmt, 2, cutoff);
  while ((step = cd_statement_step (stmt, error)) == CD_STEP_ROW)
    g_ptr_array_add (out, cd_statement_dup_text (stmt, 0));
  if (step == CD_STEP_FAILED)
    return NULL;
  return g_steal_pointer (&out);
}

/* --- The run ---------------------------------------------------------------------------------- */

/* The window the re-fetch asks for: the paper's dates and the undecided claims' periods, widened
 * by the margins; a year back from today when there is neither. */
static gboolean
fetch_window (CdDatabase  *db,
              const char  *personal_id,
              char       **from,
              char       **to,
              GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdDay low = CD_DAY_NONE, high = CD_DAY_NONE;
  CdStep step;

  stmt = cd_database_prepare (db,
                              "SELECT d.kind, d.fields, NULL, NULL FROM documents d"
                              " JOIN persons p ON p.id = d.person_id"
                              " WHERE p.personal_id = ?1 AND d.source_system = 'manual'"
                              " AND d.paper_state IS NOT NULL"
                              " UNION ALL SELECT NULL, NULL, c.period_from, c.period_to"
                              " FROM claims c JOIN persons p ON p.id = c.claimant_id"
                              " WHERE p.personal_id = ?1 AND c.period_from IS NOT NULL",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_text (stmt, 1, personal_id);
  while ((step = cd_statement_step (stmt, error)) == CD_STEP_ROW)
    {
      const char *dates[4] = { NULL };
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) records = NULL;
      int k = kind_index (cd_statement_get_text (stmt, 0));

      if (cd_statement_get_text (stmt, 1) != NULL)
        root = json_from_string (cd_statement_get_text (stmt, 1), NULL);
      records = records_of (root);
      if (k >= 0 && records->len > 0)
        for (guint i = 0; i < 3 && kinds[k].dates[i] != NULL; i++)
          dates[i] = cd_json_member_string (g_ptr_array_index (records, 0), kinds[k].dates[i]);
      if (cd_statement_get_text (stmt, 2) != NULL)
        dates[2] = cd_statement_get_text (stmt, 2);
      dates[3] = cd_statement_get_text (stmt, 3);
      for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
        {
          CdDay day;

          if (dates[i] == NULL || strlen (dates[i]) < 10)
            continue;
          {
            g_autofree char *date = g_strndup (dates[i], 10);

            if (!cd_date_parse (date, &day))
              continue;
          }
          low = low == CD_DAY_NONE ? day : MIN (low, day);
          high = high == CD_DAY_NONE ? day : MAX (high, day);
        }
    }
  if (step == CD_STEP_FAILED)
    return FALSE;
  if (low == CD_DAY_NONE)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      high = cd_date_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                               g_date_time_get_day_of_month (now));
      low = high - 365;
    }
  *from = cd_date_to_string (low - WINDOW_BEFORE_DAYS);
  *to = cd_date_to_string (high + WINDOW_AFTER_DAYS);
  return TRUE;
}

/* Links what was fetched to the person's claims, as the new-claim flow does. */
static void
link_claims (CdDatabase *db,
             const char *personal_id)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = cd_database_prepare (db, "SELECT c.id FROM claims c JOIN persons p"
                                  " ON p.id = c.claimant_id WHERE p.personal_id = ?", NULL);
  if (stmt == NULL)
    return;
  cd_statement_bind_text (stmt, 1, personal_id);
  while (cd_statement_step (stmt, NULL) == CD_STEP_ROW)
    {
      gint64 id = cd_statement_get_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  g_clear_pointer (&stmt, cd_statement_free);
  /* A failure here leaves the documents unlinked, as a failed link does in the new-claim flow;
   * the verification itself does not depend on it. */
  for (guint i = 0; i < ids->len; i++)
    cd_evidence_link_claim (db, g_array_index (ids, gint64, i), NULL);
}

static GPtrArray *
run_person (CdDatabase         *db,
            CdEvidenceFetcher  *fetcher,
            CdTrustStore       *trust,
            const char         *personal_id,
            gint64              user_id,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) fetch_error = NULL;
  guint answered = 0;

  if (!fetch_window (db, personal_id, &from, &to, error))
    return NULL;
  responses = cd_evidence_fetcher_fetch_sync (fetcher, personal_id, from, to, cancellable,
                                              &fetch_error);
  if (responses == NULL)
    {
      if (g_error_matches (fetch_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&fetch_error));
          return NULL;
        }
    }
  else
    {
      for (guint i = 0; i < responses->len; i++)
        {
          CdEvidenceResponse *response = g_ptr_array_index (responses, i);

          if (response->error == NULL && response->body != NULL)
            answered |= 1u << response->source;
        }
      stored = cd_evidence_store_save (db, personal_id, from, to, 0, responses, trust, error);
      if (stored == NULL)
        return NULL;
      link_claims (db, personal_id);
    }

  checks = cd_paper_verification_match (db, personal_id, answered, user_id, error);
  if (checks == NULL)
    return NULL;
  /* Say why a source did not answer, with its own words. */
  for (guint i = 0; i < checks->len; i++)
    {
      CdPaperCheck *check = g_ptr_array_index (checks, i);
      int k = kind_index (check->kind);

      if (check->outcome != CD_PAPER_OUTCOME_UNREACHABLE)
        continue;
      g_clear_pointer (&check->message, g_free);
      if (responses != NULL && k >= 0)
        {
          CdEvidenceResponse *response = g_ptr_array_index (responses, kinds[k].source);

          if (response->error != NULL)
            check->message = g_strdup (response->error->message);
        }
      if (check->message == NULL)
        check->message = g_strdup (fetch_error != NULL
                                   ? fetch_error->message
                                   : cd_evidence_source_get_system (kinds[k].source));
    }
  return g_steal_pointer (&checks);
}

GPtrArray *
cd_paper_verification_run_sync (CdDatabase         *db,
                                CdEvidenceFetcher  *fetcher,
                                CdTrustStore       *trust,
                                const char         *personal_id,
                                gint64              user_id,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) out = NULL;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (CD_IS_EVIDENCE_FETCHER (fetcher), NULL);

  if (personal_id != NULL)
    {
      people = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (people, g_strdup (personal_id));
    }
  else
    {
      CdPaperRules rules;

      cd_office_settings_read_paper_rules (db, &rules);
      people = cd_paper_verification_list_due (db, rules.stale_days, error);
      if (people == NULL)
        return NULL;
      /* A pass stays short: the rest wait for the next one. */
      if (people->len > CD_PAPER_VERIFICATION_MAX_PEOPLE)
        g_ptr_array_set_size (people, CD_PAPER_VERIFICATION_MAX_PEOPLE);
    }

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_paper_check_free);
  for (guint i = 0; i < people->len; i++)
    {
      g_autoptr(GPtrArray) checks = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      checks = run_person (db, fetcher, trust, g_ptr_array_index (people, i), user_id,
                           cancellable, error);
      if (checks == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (out, g_steal_pointer (&checks));
    }
  return g_steal_pointer (&out);
}

typedef struct
{
  char              *db_path;
  CdEvidenceFetcher *fetcher;
  CdTrustStore      *trust;
  char              *personal_id;
  gint64             user_id;
} RunJob;

static void
run_job_free (RunJob *job)
{
  g_free (job->db_path);
  g_clear_object (&job->fetcher);
  g_clear_object (&job->trust);
  g_free (job->personal_id);
  g_free (job);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunJob *job = task_data;
  g_autoptr(CdDatabase) db = NULL;
  GError *error = NULL;
  GPtrArray *checks = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* Without the quick_check: the workstation's writer had the file checked when it opened it
   * (cd_database_check_async), and a check reads every page, 12.6 s of one of an old PC's two
   * cores at a million claims, at each pass of the background worker (issue 20). */
  db = cd_database_open_unchecked (job->db_path, &error);
  if (db != NULL)
    checks = cd_paper_verification_run_sync (db, job->fetcher, job->trust, job->personal_id,
                                             job->user_id, cancellable, &error);
  if (checks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, checks, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_paper_verification_run_async (const char          *db_path,
                                 CdEvidenceFetcher   *fetcher,
                                 CdTrustStore        *trust,
                                 const char          *personal_id,
                                 gint64               user_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunJob *job;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (CD_IS_EVIDENCE_FETCHER (fetcher));

  job = g_new0 (RunJob, 1);
  job->db_path = g_strdup (db_path);
  job->fetcher = g_object_ref (fetcher);
  job->trust = trust != NULL ? g_object_ref (trust) : NULL;
  job->personal_id = g_strdup (personal_id);
  job->user_id = user_id;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_paper_verification_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) run_job_free);
  g_task_run_in_thread (task, run_thread);
}

GPtrArray *
cd_paper_verification_run_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
