/* cd-case-detect.c — which benefit cases a person's stored evidence suggests. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-case-detect.h"
#include "cd-paper-document.h"
#include "cd-persons.h"
#include "cd-statement.h"

void
cd_stored_document_free (CdStoredDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->kind);
  g_free (document->window_from);
  g_free (document->window_to);
  g_free (document->paper_state);
  g_free (document->entered_by);
  g_free (document->entered_at);
  g_clear_pointer (&document->fields, json_node_unref);
  g_free (document);
}

/* The paper kinds an envelope also carries as tables: each paper one is an episode of its own
 * (a paper leave certificate is a treatment of its own). The other paper kinds (assessment,
 * registrations) are read like the fetched documents of their kind, by kind. */
static gboolean
is_episode_kind (const char *kind)
{
  return g_str_equal (kind, "leave_certificate") || g_str_equal (kind, "discharge_paper")
         || g_str_equal (kind, "birth_certificate") || g_str_equal (kind, "pregnancy_rest");
}

static const char *
record_text (JsonObject *record,
             const char *name)
{
  JsonNode *node = record != NULL ? json_object_get_member (record, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* Whether two records carry the same serial (leave, rest) or certificate number (birth). */
static gboolean
same_serial (JsonObject *a,
             JsonObject *b)
{
  static const char * const keys[] = { "SO_SERI", "SO", NULL };

  for (guint k = 0; a != NULL && b != NULL && keys[k] != NULL; k++)
    if (record_text (a, keys[k]) != NULL
        && g_strcmp0 (record_text (a, keys[k]), record_text (b, keys[k])) == 0)
      return TRUE;
  return FALSE;
}

/* Whether an electronic document already loaded is the same paper: same kind and the same serial
 * (or certificate number), else the same day in the field that places it in time. */
static gboolean
held_electronically (GPtrArray  *out,
                     const char *kind,
                     JsonObject *record)
{
  const CdPaperKind *spec = cd_paper_kind_find (kind);
  static const char * const keys[] = { "SO_SERI", "SO", NULL };

  for (guint i = 0; spec != NULL && i < out->len; i++)
    {
      CdStoredDocument *other = g_ptr_array_index (out, i);
      JsonObject *fields = JSON_NODE_HOLDS_OBJECT (other->fields)
                           ? json_node_get_object (other->fields) : NULL;
      gboolean keyed = FALSE;
      const char *mine, *theirs;

      if (other->paper || !g_str_equal (other->kind, kind) || fields == NULL)
        continue;
      for (guint k = 0; keys[k] != NULL; k++)
        {
          mine = record_text (record, keys[k]);
          theirs = record_text (fields, keys[k]);
          if (mine != NULL && theirs != NULL)
            {
              keyed = TRUE;
              if (g_str_equal (mine, theirs))
                return TRUE;
            }
        }
      mine = record_text (record, spec->date_field);
      theirs = record_text (fields, spec->date_field);
      if (!keyed && mine != NULL && theirs != NULL && strncmp (mine, theirs, 10) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Places a paper document among the loaded ones, FALSE to leave it out. Where an electronic
 * document of the same kind says the same thing, the electronic one is preferred: it is signed by
 * its issuer, and the paper stays stored (and verifiable) without being counted twice. */
static gboolean
add_paper (GPtrArray        *out,
           CdStoredDocument *document,
           guint            *episode)
{
  JsonObject *record = cd_paper_fields_record (document->fields);

  if (record == NULL)
    return FALSE;
  if (is_episode_kind (document->kind))
    {
      if (held_electronically (out, document->kind, record))
        return FALSE;
      /* The same paper entered again (a typing error corrected): the newer entry stands. */
      for (guint i = 0; i < out->len; i++)
        {
          CdStoredDocument *other = g_ptr_array_index (out, i);

          if (other->paper && g_str_equal (other->kind, document->kind)
              && same_serial (record, JSON_NODE_HOLDS_OBJECT (other->fields)
                                      ? json_node_get_object (other->fields) : NULL))
            {
              g_ptr_array_remove_index (out, i);
              break;
            }
        }
      /* Read like an envelope's table, whose fields are its record. */
      {
        JsonNode *node = json_node_new (JSON_NODE_OBJECT);

        json_node_set_object (node, record);
        json_node_unref (document->fields);
        document->fields = node;
      }
      document->episode = ++(*episode);
      return TRUE;
    }
  /* An assessment or a registration is found by kind (cd_stored_documents_find): the paper one
   * only where no fetched one is held, else the fetched one would be hidden or doubted. */
  for (guint i = 0; i < out->len; i++)
    {
      CdStoredDocument *other = g_ptr_array_index (out, i);

      if (g_str_equal (other->kind, document->kind))
        return FALSE;
    }
  document->episode = 0;
  return TRUE;
}

/* Store failures keep CD_DATABASE_ERROR and its code (a damaged file stays one), and say whose
 * evidence was being read. */
static gboolean
load_rows (CdDatabase  *db,
           const char  *sql,
           const char  *personal_id,
           gint64       person,
           GPtrArray   *out,
           guint       *episode,
           GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (db, sql, &local_error);
  if (stmt != NULL)
    cd_statement_bind_int64 (stmt, 1, person);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      const char *fields = cd_statement_get_text (stmt, 3);
      g_autoptr(GError) parse_error = NULL;
      JsonNode *node = fields != NULL ? json_from_string (fields, &parse_error) : NULL;
      CdStoredDocument *document;

      /* The store wrote these fields from a parsed document: unreadable, they are damage. The
       * other documents still count; this one is named, not silently left out. */
      if (node == NULL)
        {
          if (parse_error != NULL)
            g_warning ("Stored document %" G_GINT64_FORMAT " (%s) of %s is left out of case "
                       "detection: its fields cannot be read (%s)",
                       cd_statement_get_int64 (stmt, 0), cd_statement_get_text (stmt, 1),
                       personal_id, parse_error->message);
          continue;
        }
      document = g_new0 (CdStoredDocument, 1);
      document->id = cd_statement_get_int64 (stmt, 0);
      document->kind = cd_statement_dup_text (stmt, 1);
      document->parent_id = cd_statement_get_int64 (stmt, 2);
      document->fields = node;
      document->window_from = cd_statement_dup_text (stmt, 4);
      document->window_to = cd_statement_dup_text (stmt, 5);
      if (cd_statement_get_n_columns (stmt) > 6)
        {
          document->paper = TRUE;
          document->paper_state = cd_statement_dup_text (stmt, 6);
          document->entered_by = cd_statement_dup_text (stmt, 7);
          document->entered_at = cd_statement_dup_text (stmt, 8);
        }
      /* A treatment episode opens with its visit summary (XML1); the store writes an envelope's
       * tables in document order. */
      if (document->parent_id != 0 && g_str_equal (document->kind, "visit_summary"))
        (*episode)++;
      document->episode = document->parent_id != 0 ? *episode : 0;
      if (document->paper && !add_paper (out, document, episode))
        {
          cd_stored_document_free (document);
          continue;
        }
      g_ptr_array_add (out, document);
    }
  if (step == CD_STEP_FAILED)
    {
      g_propagate_prefixed_error (error, local_error, _("Reading the stored evidence of %s: "),
                                  personal_id);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
cd_stored_documents_load (CdDatabase  *db,
                          const char  *personal_id,
                          GError     **error)
{
  static const char envelope_sql[] =
    "SELECT id, kind, parent_id, fields, window_from, window_to FROM documents"
    "  WHERE parent_id = (SELECT max (id) FROM documents"
    "                      WHERE person_id = ?1 AND kind = 'envelope' AND parse_status = 'parsed')"
    "    AND parse_status = 'parsed'"
    "  ORDER BY id";
  static const char others_sql[] =
    "SELECT d.id, d.kind, 0, d.fields, d.window_from, d.window_to FROM documents d"
    "  WHERE d.id IN (SELECT max (id) FROM documents"
    "                  WHERE person_id = ?1 AND parent_id IS NULL AND kind <> 'envelope'"
    "                    AND parse_status = 'parsed' AND source_system <> 'manual'"
    "                  GROUP BY kind)"
    "  ORDER BY d.id";
  /* Every paper document of the person, oldest first: each is a paper of its own. */
  static const char paper_sql[] =
    "SELECT d.id, d.kind, 0, d.fields, d.window_from, d.window_to, d.paper_state, u.full_name,"
    "    d.fetched_at"
    "  FROM documents d LEFT JOIN users u ON u.id = d.entered_by"
    "  WHERE d.person_id = ?1 AND d.source_system = 'manual' AND d.parse_status = 'parsed'"
    "  ORDER BY d.fetched_at, d.id";
  g_autoptr(GPtrArray) out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cd_stored_document_free);
  gint64 person = 0;
  guint episode = 0;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (personal_id != NULL, NULL);

  /* Its error is CD_DATABASE_ERROR already, and names the personal ID. */
  if (!cd_persons_find_by_personal_id (db, personal_id, &person, error))
    return NULL;
  if (person == 0)
    return g_steal_pointer (&out);

  if (!load_rows (db, envelope_sql, personal_id, person, out, &episode, error)
      || !load_rows (db, others_sql, personal_id, person, out, &episode, error)
      || !load_rows (db, paper_sql, personal_id, person, out, &episode, error))
    return NULL;
  return g_steal_pointer (&out);
}

CdStoredDocument *
cd_stored_documents_find (GPtrArray  *documents,
                          const char *kind)
{
  for (guint i = 0; i < documents->len; i++)
    {
      CdStoredDocument *document = g_ptr_array_index (documents, i);

      if (g_str_equal (document->kind, kind))
        return document;
    }
  return NULL;
}

CdStoredDocument *
cd_stored_documents_find_id (GPtrArray *documents,
                             gint64     id)
{
  for (guint i = 0; i < documents->len; i++)
    {
      CdStoredDocument *document = g_ptr_array_index (documents, i);

      if (document->id == id)
        return document;
    }
  return NULL;
}

void
cd_case_proposal_free (CdCaseProposal *proposal)
{
  if (proposal == NULL)
    return;
  g_free (proposal->from);
  g_free (proposal->to);
  g_free (proposal->event_date);
  g_free (proposal->child_id);
  g_clear_pointer (&proposal->document_ids, g_array_unref);
  g_free (proposal->evidence);
  g_free (proposal);
}

CdCaseProposal *
cd_case_proposal_copy (const CdCaseProposal *proposal)
{
  CdCaseProposal *copy = g_new0 (CdCaseProposal, 1);

  copy->benefit = proposal->benefit;
  copy->from = g_strdup (proposal->from);
  copy->to = g_strdup (proposal->to);
  copy->event_date = g_strdup (proposal->event_date);
  copy->child_id = g_strdup (proposal->child_id);
  copy->document_ids = g_array_copy (proposal->document_ids);
  copy->evidence = g_strdup (proposal->evidence);
  return copy;
}

/* Field helpers: every value is optional. */

static const char *
field_str (CdStoredDocument *document,
           const char       *name)
{
  JsonObject *object;

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document->fields))
    return NULL;
  object = json_node_get_object (document->fields);
  if (!json_object_has_member (object, name)
      || json_node_get_value_type (json_object_get_member (object, name)) != G_TYPE_STRING)
    return NULL;
  return json_object_get_string_member (object, name);
}

static gboolean
field_flag (CdStoredDocument *document,
            const char       *name)
{
  JsonObject *object;
  JsonNode *node;

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document->fields))
    return FALSE;
  object = json_node_get_object (document->fields);
  node = json_object_get_member (object, name);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* The day part of an ISO date or date-time: "2026-07-30T08:00" → "2026-07-30". */
static char *
day_of (const char *iso)
{
  if (iso == NULL || strlen (iso) < 10)
    return NULL;
  return g_strndup (iso, 10);
}

static char *
max_day (const char *a,
         const char *b)
{
  g_autofree char *da = day_of (a);
  g_autofree char *db = day_of (b);

  if (da == NULL)
    return g_steal_pointer (&db);
  if (db == NULL)
    return g_steal_pointer (&da);
  return g_strdup (strcmp (da, db) >= 0 ? da : db);
}

typedef struct
{
  CdStoredDocument *visit;       /* XML1 */
  CdStoredDocument *discharge;   /* XML7 */
  CdStoredDocument *summary;     /* XML8 */
  CdStoredDocument *birth;       /* XML9 (the first record's row) */
  CdStoredDocument *rest;        /* XML10 */
  CdStoredDocument *leave;       /* XML11 */
} Episode;

static CdCaseProposal *
proposal_new (CdBenefit         benefit,
              const char       *from,
              const char       *to,
              CdStoredDocument *main,
              const Episode    *episode)
{
  CdCaseProposal *proposal = g_new0 (CdCaseProposal, 1);
  CdStoredDocument *others[] = { main, episode->leave, episode->discharge, episode->birth,
                                 episode->summary, episode->rest, episode->visit };

  proposal->benefit = benefit;
  proposal->from = day_of (from);
  proposal->to = day_of (to != NULL ? to : from);
  proposal->document_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      gboolean seen = FALSE;

      if (others[i] == NULL)
        continue;
      for (guint j = 0; j < proposal->document_ids->len; j++)
        seen |= g_array_index (proposal->document_ids, gint64, j) == others[i]->id;
      if (!seen)
        g_array_append_val (proposal->document_ids, others[i]->id);
    }
  return proposal;
}

static gboolean
icd_starts (const char *icd,
            const char *prefix)
{
  return icd != NULL && g_str_has_prefix (icd, prefix);
}

static void
detect_episode (const Episode    *e,
                const char       *personal_id,
                CdStoredDocument *assessment,
                GPtrArray        *out)
{
  const char *icd = field_str (e->visit, "MA_BENH_CHINH");
  const char *patient = field_str (e->visit, "SO_CCCD");
  CdCaseProposal *p;

  /* A paper leave certificate or discharge paper comes without its visit summary (XML1): the
   * diagnosis and the patient printed on it stand in. */
  if (e->visit == NULL)
    {
      CdStoredDocument *paper = e->leave != NULL ? e->leave : e->discharge;

      icd = field_str (paper, "MA_BENH_CHINH");
      patient = field_str (paper, "SO_CCCD");
    }

  if (field_flag (e->discharge, "MA_DINH_CHI_THAI") || field_flag (e->leave, "MA_DINH_CHI_THAI"))
    {
      CdStoredDocument *main = e->discharge != NULL ? e->discharge : e->leave;
      const char *from = field_str (e->visit, "NGAY_VAO");
      g_autofree char *stay_end = max_day (field_str (e->discharge, "NGAY_RA"),
                                           field_str (e->leave, "DEN_NGAY"));
      g_autofree char *to = max_day (field_str (e->discharge, "NGOAITRU_DENNGAY"), stay_end);

      if (from == NULL)
        from = field_str (e->leave, "TU_NGAY");
      p = proposal_new (CD_BENEFIT_PREGNANCY_LOSS, from, to, main, e);
      p->event_date = day_of (from);
      p->evidence = g_strdup (_("Pregnancy ended (MA_DINH_CHI_THAI) on the discharge paper or "
                                "leave certificate"));
      g_ptr_array_add (out, p);
      return;
    }

  if (icd_starts (icd, "Z30.1") || icd_starts (icd, "Z30.2"))
    {
      CdStoredDocument *main = e->leave != NULL ? e->leave
                               : e->discharge != NULL ? e->discharge : e->visit;
      const char *from = e->leave != NULL ? field_str (e->leave, "TU_NGAY")
                                          : field_str (e->visit, "NGAY_VAO");
      const char *to = e->leave != NULL ? field_str (e->leave, "DEN_NGAY")
                                        : field_str (e->visit, "NGAY_RA");

      p = proposal_new (CD_BENEFIT_CONTRACEPTION, from, to, main, e);
      p->event_date = day_of (field_str (e->visit, "NGAY_VAO"));
      p->evidence = g_strdup_printf (_("Contraception procedure (ICD %s)"), icd);
      g_ptr_array_add (out, p);
      return;
    }

  if (e->birth != NULL)
    {
      const char *birth = field_str (e->birth, "NGAY_SINH_CON");
      const char *mother = field_str (e->birth, "SO_CCCD_NND");

      if (mother != NULL && g_str_equal (mother, personal_id))
        {
          p = proposal_new (CD_BENEFIT_CHILDBIRTH, birth, NULL, e->birth, e);
          p->event_date = day_of (birth);
          p->evidence = g_strdup (_("Medical birth certificate (XML9) names the claimant as the "
                                    "mother"));
          g_ptr_array_add (out, p);
        }
      else
        {
          p = proposal_new (CD_BENEFIT_FATHER_LEAVE, birth, NULL, e->birth, e);
          p->event_date = day_of (birth);
          p->evidence = g_strdup (_("Medical birth certificate (XML9) of the claimant's wife"));
          g_ptr_array_add (out, p);
          if (assessment != NULL)
            {
              p = proposal_new (CD_BENEFIT_CHILDBIRTH_TAKEOVER, birth, NULL, assessment, e);
              p->event_date = day_of (birth);
              p->evidence = g_strdup (_("Medical assessment (XML12) of the mother and the birth "
                                        "certificate (XML9)"));
              g_ptr_array_add (out, p);
            }
        }
      return;
    }

  if (e->leave != NULL
      && (icd_starts (icd, "Z34") || icd_starts (icd, "Z35") || icd_starts (icd, "Z36")))
    {
      p = proposal_new (CD_BENEFIT_PRENATAL_CHECKUP, field_str (e->leave, "TU_NGAY"),
                        field_str (e->leave, "DEN_NGAY"), e->leave, e);
      p->evidence = g_strdup_printf (_("Pregnancy check-up (ICD %s) with a leave certificate "
                                       "(XML11)"), icd);
      g_ptr_array_add (out, p);
      return;
    }

  if (e->leave != NULL)
    {
      gboolean child = (patient != NULL && !g_str_equal (patient, personal_id))
                       || field_str (e->leave, "HO_TEN_CHA") != NULL
                       || field_str (e->leave, "HO_TEN_ME") != NULL;

      p = proposal_new (child ? CD_BENEFIT_CHILD_SICKNESS : CD_BENEFIT_SICKNESS,
                        field_str (e->leave, "TU_NGAY"), field_str (e->leave, "DEN_NGAY"),
                        e->leave, e);
      if (child)
        {
          if (patient != NULL && !g_str_equal (patient, personal_id))
            p->child_id = g_strdup (patient);
          p->evidence = g_strdup (_("Leave certificate (XML11) for the claimant's sick child"));
        }
      else
        p->evidence = g_strdup (_("Leave certificate (XML11)"));
      g_ptr_array_add (out, p);
      return;
    }

  if (e->discharge != NULL || e->summary != NULL)
    {
      CdStoredDocument *main = e->discharge != NULL ? e->discharge : e->summary;
      gboolean child = patient != NULL && !g_str_equal (patient, personal_id);
      g_autofree char *to = max_day (field_str (main, "NGOAITRU_DENNGAY"),
                                     field_str (main, "NGAY_RA"));

      p = proposal_new (child ? CD_BENEFIT_CHILD_SICKNESS : CD_BENEFIT_SICKNESS,
                        field_str (main, "NGAY_VAO"), to, main, e);
      if (child)
        p->child_id = g_strdup (patient);
      p->evidence = g_strdup (_("Inpatient stay: discharge paper (XML7) or record summary (XML8)"));
      g_ptr_array_add (out, p);
    }
}

static gboolean
has_birth_on (GPtrArray  *proposals,
              const char *birth_date)
{
  for (guint i = 0; i < proposals->len; i++)
    {
      CdCaseProposal *p = g_ptr_array_index (proposals, i);

      if (p->event_date != NULL && g_str_equal (p->event_date, birth_date)
          && (p->benefit == CD_BENEFIT_CHILDBIRTH || p->benefit == CD_BENEFIT_FATHER_LEAVE))
        return TRUE;
    }
  return FALSE;
}

/* A birth registered (civil status) in the fetch window with the claimant as a parent, which no
 * medical birth certificate already proposed: the father's leave (or the mother's childbirth). */
static void
detect_registered_births (GPtrArray  *documents,
                          const char *personal_id,
                          GPtrArray  *out)
{
  CdStoredDocument *births = cd_stored_documents_find (documents, "birth_registration");
  JsonObject *fields = births != NULL && JSON_NODE_HOLDS_OBJECT (births->fields)
                       ? json_node_get_object (births->fields) : NULL;
  JsonArray *records = fields != NULL && json_object_has_member (fields, "records")
                       ? json_object_get_array_member (fields, "records") : NULL;

  for (guint i = 0; records != NULL && i < json_array_get_length (records); i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);
      const char *born = json_object_get_string_member_with_default (r, "nksNgaySinh", NULL);
      const char *father = json_object_get_string_member_with_default (r, "chaSoDDCN", NULL);
      const char *mother = json_object_get_string_member_with_default (r, "meSoDDCN", NULL);
      gboolean is_father = father != NULL && g_str_equal (father, personal_id);
      gboolean is_mother = mother != NULL && g_str_equal (mother, personal_id);
      CdCaseProposal *p;

      if (born == NULL || (!is_father && !is_mother) || has_birth_on (out, born)
          || (births->window_from != NULL && strcmp (born, births->window_from) < 0)
          || (births->window_to != NULL && strcmp (born, births->window_to) > 0))
        continue;
      p = g_new0 (CdCaseProposal, 1);
      p->benefit = is_mother ? CD_BENEFIT_CHILDBIRTH : CD_BENEFIT_FATHER_LEAVE;
      p->from = g_strdup (born);
      p->to = g_strdup (born);
      p->event_date = g_strdup (born);
      p->child_id = g_strdup (json_object_get_string_member_with_default (r, "soDinhDanh", NULL));
      p->document_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (p->document_ids, births->id);
      p->evidence = g_strdup (is_mother
                              ? _("Birth registration (civil status) names the claimant as the "
                                  "mother")
                              : _("Birth registration (civil status) names the claimant as the "
                                  "father"));
      g_ptr_array_add (out, p);
    }
}

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const CdCaseProposal *pa = *(CdCaseProposal * const *) a;
  const CdCaseProposal *pb = *(CdCaseProposal * const *) b;

  return g_strcmp0 (pb->from, pa->from);
}

GPtrArray *
cd_case_detect_documents (GPtrArray  *documents,
                          const char *personal_id)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_case_proposal_free);
  CdStoredDocument *assessment = cd_stored_documents_find (documents, "medical_assessment");
  Episode episode = { NULL };
  guint current = 0;

  g_return_val_if_fail (documents != NULL, out);
  g_return_val_if_fail (personal_id != NULL, out);

  /* Only an assessment with a record certifies anything. */
  if (assessment != NULL)
    {
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (assessment->fields)
                           ? json_node_get_object (assessment->fields) : NULL;
      JsonArray *records = object != NULL && json_object_has_member (object, "records")
                           ? json_object_get_array_member (object, "records") : NULL;

      if (records == NULL || json_array_get_length (records) == 0)
        assessment = NULL;
    }

  for (guint i = 0; i <= documents->len; i++)
    {
      CdStoredDocument *d = i < documents->len ? g_ptr_array_index (documents, i) : NULL;

      if (d != NULL && d->episode == 0)
        continue;
      if (d == NULL || d->episode != current)
        {
          if (current != 0)
            detect_episode (&episode, personal_id, assessment, out);
          memset (&episode, 0, sizeof episode);
          if (d == NULL)
            break;
          current = d->episode;
        }
      if (g_str_equal (d->kind, "visit_summary"))
        episode.visit = d;
      else if (g_str_equal (d->kind, "discharge_paper"))
        episode.discharge = d;
      else if (g_str_equal (d->kind, "record_summary"))
        episode.summary = d;
      else if (g_str_equal (d->kind, "birth_certificate") && episode.birth == NULL)
        episode.birth = d;
      else if (g_str_equal (d->kind, "pregnancy_rest"))
        episode.rest = d;
      else if (g_str_equal (d->kind, "leave_certificate") && episode.leave == NULL)
        episode.leave = d;
    }

  detect_registered_births (documents, personal_id, out);
  g_ptr_array_sort (out, compare_newest_first);
  return out;
}

GPtrArray *
cd_case_detect (CdDatabase  *db,
                const char  *personal_id,
                GError     **error)
{
  g_autoptr(GPtrArray) documents = cd_stored_documents_load (db, personal_id, error);

  if (documents == NULL)
    return NULL;
  return cd_case_detect_documents (documents, personal_id);
}
