/* cd-evidence-store.c — keeps every answer of every source, then what could be read from it. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-canonical-json.h"
#include "cd-document.h"
#include "cd-identifiers.h"
#include "cd-json-util.h"
#include "cd-evidence-store.h"
#include "cd-persons.h"
#include "cd-statement.h"
#include "cd-text-fold.h"

/* How far around a claim's period a medical table still belongs to it: a certificate issued a few
 * days before, a discharge a month after the birth. */
#define LINK_MARGIN_DAYS 30

static const struct
{
  const char *kind;    /* documents.kind */
  const char *system;  /* documents.source_system */
} source_rows[CD_N_EVIDENCE_SOURCES] = {
  [CD_EVIDENCE_MEDICAL] = { "envelope", "medical" },
  [CD_EVIDENCE_MEDICAL_ASSESSMENT] = { "medical_assessment", "medical" },
  [CD_EVIDENCE_CIVIL_BIRTHS] = { "birth_registration", "civil_status" },
  [CD_EVIDENCE_CIVIL_DEATHS] = { "death_registration", "civil_status" },
  [CD_EVIDENCE_POPULATION_IDENTITY] = { "citizen", "population" },
  [CD_EVIDENCE_POPULATION_STATUS] = { "vital_status", "population" },
  [CD_EVIDENCE_POPULATION_RELATIVES] = { "relatives", "population" },
  [CD_EVIDENCE_CENTRAL_PERSON] = { "insured_person", "central" },
  [CD_EVIDENCE_CENTRAL_CONTRIBUTIONS] = { "contributions", "central" },
  [CD_EVIDENCE_CENTRAL_USAGE] = { "usage", "central" },
};

/* The tables of a medical envelope and the document kind each one is. */
static const struct
{
  const char *table;
  const char *kind;
  const char *date_field;  /* the date that places it in time */
} table_kinds[] = {
  { "XML1", "visit_summary", "NGAY_VAO" },
  { "XML7", "discharge_paper", "NGAY_RA" },
  { "XML8", "record_summary", "NGAY_RA" },
  { "XML9", "birth_certificate", "NGAY_SINH_CON" },
  { "XML10", "pregnancy_rest", "TU_NGAY" },
  { "XML11", "leave_certificate", "TU_NGAY" },
  { "XML12", "medical_assessment", "NGAY_HOP" },
  { "XML13", "referral", "NGAY_VAO" },
};

void
cd_stored_evidence_free (CdStoredEvidence *stored)
{
  if (stored == NULL)
    return;
  g_free (stored->signature_status);
  g_free (stored->signer);
  g_free (stored->parse_status);
  g_free (stored->parse_error);
  g_free (stored->refused);
  g_free (stored);
}

/* The store's error (which names the file and keeps its code: a full disk stays one), prefixed
 * with what was being done. */
static void
store_failed (GError      **error,
              GError       *cause,
              const char   *what)
{
  g_propagate_prefixed_error (error, cause, "%s: ", what);
}

static void
bind_optional_id (CdStatement *stmt,
                  int          index,
                  gint64       id)
{
  if (id > 0)
    cd_statement_bind_int64 (stmt, index, id);
  else
    cd_statement_bind_null (stmt, index);
}

typedef struct
{
  gint64      claim_id;
  gint64      person_id;
  gint64      parent_id;
  const char *kind;
  const char *system;
  const char *url;
  const char *fetched_at;
  const char *window_from;
  const char *window_to;
  const void *raw;
  gsize       raw_length;
  const char *signature_status;
  const char *signer;
  const char *parse_status;
  const char *parse_error;
  const char *fields;
} DocumentRow;

static gint64
insert_document (CdDatabase         *db,
                 const DocumentRow  *row,
                 GError            **error)
{
  static const char sql[] =
    "INSERT INTO documents (claim_id, person_id, kind, source_system, url, fetched_at,"
    " window_from, window_to, raw, sha256, signature_status, signer, parse_status, parse_error,"
    " fields, parent_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
  g_autofree char *sha256 = cd_sha256_hex (row->raw, row->raw_length);
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  /* Cached: an envelope stores one row per table it carries. */
  stmt = cd_database_prepare_cached (db, sql, &local_error);
  if (stmt != NULL)
    {
      bind_optional_id (stmt, 1, row->claim_id);
      bind_optional_id (stmt, 2, row->person_id);
      cd_statement_bind_text (stmt, 3, row->kind);
      cd_statement_bind_text (stmt, 4, row->system);
      cd_statement_bind_text (stmt, 5, row->url);
      cd_statement_bind_text (stmt, 6, row->fetched_at);
      cd_statement_bind_text (stmt, 7, row->window_from);
      cd_statement_bind_text (stmt, 8, row->window_to);
      cd_statement_bind_blob (stmt, 9, row->raw, row->raw_length);
      cd_statement_bind_text (stmt, 10, sha256);
      cd_statement_bind_text (stmt, 11, row->signature_status);
      cd_statement_bind_text (stmt, 12, row->signer);
      cd_statement_bind_text (stmt, 13, row->parse_status);
      cd_statement_bind_text (stmt, 14, row->parse_error);
      cd_statement_bind_text (stmt, 15, row->fields);
      bind_optional_id (stmt, 16, row->parent_id);
      if (cd_statement_run (stmt, &local_error))
        return cd_database_last_insert_rowid (db);
    }
  store_failed (error, local_error, _("Storing evidence"));
  return 0;
}

static gboolean
update_parsed (CdDatabase  *db,
               gint64       id,
               const char  *signature_status,
               const char  *signer,
               const char  *parse_status,
               const char  *parse_error,
               const char  *fields,
               GError     **error)
{
  static const char sql[] =
    "UPDATE documents SET signature_status = ?2, signer = ?3, parse_status = ?4, parse_error = ?5,"
    " fields = ?6 WHERE id = ?1";
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  stmt = cd_database_prepare_cached (db, sql, &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, id);
      cd_statement_bind_text (stmt, 2, signature_status);
      cd_statement_bind_text (stmt, 3, signer);
      cd_statement_bind_text (stmt, 4, parse_status);
      cd_statement_bind_text (stmt, 5, parse_error);
      cd_statement_bind_text (stmt, 6, fields);
      if (cd_statement_run (stmt, &local_error))
        return TRUE;
    }
  store_failed (error, local_error, _("Storing evidence"));
  return FALSE;
}

static gboolean
begin (CdDatabase  *db,
       GError     **error)
{
  GError *local_error = NULL;

  if (cd_database_begin_immediate (db, &local_error))
    return TRUE;
  store_failed (error, local_error, _("Storing evidence"));
  return FALSE;
}

static gboolean
commit (CdDatabase  *db,
        GError     **error)
{
  GError *local_error = NULL;

  if (cd_database_commit (db, &local_error))
    return TRUE;
  store_failed (error, local_error, _("Storing evidence"));
  return FALSE;
}

static gboolean
is_central (CdEvidenceSource source)
{
  return source == CD_EVIDENCE_CENTRAL_PERSON || source == CD_EVIDENCE_CENTRAL_CONTRIBUTIONS
         || source == CD_EVIDENCE_CENTRAL_USAGE;
}

/* The central system's answers are our own JSON: a readable object is all it takes. */
static char *
read_central (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) length, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("expected a JSON object"));
      return NULL;
    }
  return json_to_string (json_parser_get_root (parser), FALSE);
}

/* A table of the envelope refused on its own (the others are kept): a part of its kind, "rejected",
 * whose error names every problem, so that the claim view shows what the hospital sent and why it
 * could not be used. Its raw content is the refusal itself (the problems as JSON); the inner
 * document's bytes stay in the envelope. Tables the claims do not use are not stored apart. */
static guint
store_refused_part (CdDatabase        *db,
                    const DocumentRow *envelope_row,
                    gint64             envelope_id,
                    JsonObject        *document,
                    GError           **error)
{
  const char *type = json_object_get_string_member_with_default (document, "type", "");
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *refusal = NULL;
  DocumentRow part = *envelope_row;

  for (guint k = 0; k < G_N_ELEMENTS (table_kinds); k++)
    {
      if (g_ascii_strcasecmp (type, table_kinds[k].table) != 0)
        continue;
      json_node_set_object (node, document);
      refusal = json_to_string (node, FALSE);
      part.kind = table_kinds[k].kind;
      part.parent_id = envelope_id;
      part.raw = refusal;
      part.raw_length = strlen (refusal);
      part.fields = NULL;
      part.parse_status = "rejected";
      part.parse_error = json_object_get_string_member (document, "message");
      return insert_document (db, &part, error) == 0 ? G_MAXUINT : 1;
    }
  return 0;
}

/* One row per MoH table carried by the envelope, each pointing at it; their signature is the
 * envelope's, which covers them. */
static guint
store_envelope_parts (CdDatabase        *db,
                      const DocumentRow *envelope_row,
                      gint64             envelope_id,
                      JsonObject        *content,
                      guint             *n_refused,
                      GError           **error)
{
  JsonArray *episodes = json_object_has_member (content, "episodes")
                        ? json_object_get_array_member (content, "episodes") : NULL;
  guint stored = 0;

  for (guint e = 0; episodes != NULL && e < json_array_get_length (episodes); e++)
    {
      JsonObject *episode = json_array_get_object_element (episodes, e);
      JsonArray *documents = json_object_get_array_member (episode, "documents");

      for (guint d = 0; documents != NULL && d < json_array_get_length (documents); d++)
        {
          JsonObject *document = json_array_get_object_element (documents, d);
          const char *table = json_object_get_string_member_with_default (document, "table", NULL);
          JsonArray *records = json_object_has_member (document, "records")
                               ? json_object_get_array_member (document, "records") : NULL;

          if (json_object_get_boolean_member_with_default (document, "refused", FALSE))
            {
              guint n = store_refused_part (db, envelope_row, envelope_id, document, error);

              if (n == G_MAXUINT)
                return G_MAXUINT;
              *n_refused += n;
              continue;
            }
          for (guint k = 0; table != NULL && k < G_N_ELEMENTS (table_kinds); k++)
            {
              if (!g_str_equal (table, table_kinds[k].table))
                continue;
              for (guint r = 0; records != NULL && r < json_array_get_length (records); r++)
                {
                  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
                  g_autofree char *fields = NULL;
                  DocumentRow part = *envelope_row;

                  json_node_set_object (node, json_array_get_object_element (records, r));
                  fields = cd_canonical_json (node, NULL);
                  if (fields == NULL)
                    fields = json_to_string (node, FALSE);
                  part.kind = table_kinds[k].kind;
                  part.parent_id = envelope_id;
                  part.raw = fields;
                  part.raw_length = strlen (fields);
                  part.fields = fields;
                  part.parse_status = "parsed";
                  part.parse_error = NULL;
                  if (insert_document (db, &part, error) == 0)
                    return G_MAXUINT;
                  stored++;
                }
            }
        }
    }
  return stored;
}

/* The envelope's refused tables (all of them, claimed or not), one message per line. */
static char *
refused_messages (JsonObject *content)
{
  JsonArray *refused = json_object_has_member (content, "refused")
                       ? json_object_get_array_member (content, "refused") : NULL;
  GString *text;

  if (refused == NULL || json_array_get_length (refused) == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (refused); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "",
                            json_object_get_string_member (
                              json_array_get_object_element (refused, i), "message"));
  return g_string_free (text, FALSE);
}

static CdStoredEvidence *
store_one (CdDatabase               *db,
           const CdEvidenceResponse *response,
           gint64                    claim_id,
           gint64                    person_id,
           const char               *window_from,
           const char               *window_to,
           CdTrustStore             *trust,
           GError                  **error)
{
  g_autoptr(CdStoredEvidence) stored = g_new0 (CdStoredEvidence, 1);
  g_autofree char *fetched_at = g_date_time_format_iso8601 (response->fetched_at);
  g_autofree char *fields = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(CdDocument) document = NULL;
  DocumentRow row = { 0 };
  gsize length = 0;
  gboolean signed_kind = response->source == CD_EVIDENCE_MEDICAL
                         || response->source == CD_EVIDENCE_MEDICAL_ASSESSMENT;

  stored->source = response->source;
  /* Not linked here: cd_evidence_link_claim decides by person, date window and kind. */
  row.claim_id = 0;
  row.person_id = person_id;
  row.kind = source_rows[response->source].kind;
  row.system = source_rows[response->source].system;
  row.url = response->url;
  row.fetched_at = fetched_at;
  row.window_from = window_from;
  row.window_to = window_to;
  row.raw = g_bytes_get_data (response->body, &length);
  row.raw_length = length;
  row.signature_status = signed_kind ? "unsigned" : "not_applicable";
  row.parse_status = "pending";

  /* 1. The raw bytes, committed before any parser looks at them. */
  if (!begin (db, error))
    return NULL;
  stored->document_id = insert_document (db, &row, error);
  if (stored->document_id == 0 || !commit (db, error))
    {
      cd_database_rollback (db);
      return NULL;
    }

  /* 2. What can be read from them. */
  if (is_central (response->source))
    {
      fields = read_central (response->body, &parse_error);
      stored->signature_status = g_strdup ("not_applicable");
    }
  else
    {
      document = cd_document_parse (row.raw, length, response->url, &parse_error);
      if (document != NULL)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

          if (cd_document_kind_is_signed (cd_document_get_kind (document)))
            {
              g_autofree char *json = NULL;
              g_autoptr(JsonNode) full = NULL;
              JsonObject *signature;

              cd_document_verify (document, trust);
              json = cd_document_to_json (document, FALSE);
              full = json_from_string (json, NULL);
              signature = json_object_get_object_member (json_node_get_object (full), "signature");
              stored->signature_status = g_strdup (json_object_get_string_member (signature, "status"));
              stored->signer = g_strdup (json_object_get_string_member_with_default (signature,
                                                                                     "subject", NULL));
            }
          else
            stored->signature_status = g_strdup (signed_kind ? "unsigned" : "not_applicable");

          json_node_set_object (node, cd_document_get_content (document));
          fields = json_to_string (node, FALSE);
        }
      else
        stored->signature_status = g_strdup (row.signature_status);
    }

  if (fields != NULL)
    stored->parse_status = g_strdup ("parsed");
  else
    {
      stored->parse_status = g_strdup ("rejected");
      stored->parse_error = g_strdup_printf ("%s: %s", cd_evidence_source_get_system (response->source),
                                             parse_error->message);
    }

  if (!begin (db, error))
    return NULL;
  /* A parsed envelope whose tables were partly refused says so on its own row too. */
  if (document != NULL && cd_document_get_kind (document) == CD_DOCUMENT_KIND_MOH_ENVELOPE)
    stored->refused = refused_messages (cd_document_get_content (document));
  if (!update_parsed (db, stored->document_id, stored->signature_status, stored->signer,
                      stored->parse_status,
                      stored->parse_error != NULL ? stored->parse_error : stored->refused, fields,
                      error))
    {
      cd_database_rollback (db);
      return NULL;
    }
  if (document != NULL && cd_document_get_kind (document) == CD_DOCUMENT_KIND_MOH_ENVELOPE)
    {
      DocumentRow parent = row;

      parent.signature_status = stored->signature_status;
      parent.signer = stored->signer;
      stored->n_parts = store_envelope_parts (db, &parent, stored->document_id,
                                              cd_document_get_content (document),
                                              &stored->n_refused, error);
      if (stored->n_parts == G_MAXUINT)
        {
          cd_database_rollback (db);
          return NULL;
        }
    }
  if (!commit (db, error))
    {
      cd_database_rollback (db);
      return NULL;
    }
  return g_steal_pointer (&stored);
}

static JsonObject *
central_person (GPtrArray  *responses,
                JsonNode  **keep)
{
  const CdEvidenceResponse *response = g_ptr_array_index (responses, CD_EVIDENCE_CENTRAL_PERSON);
  gsize length = 0;
  const char *data;

  if (response->body == NULL || response->status != 200)
    return NULL;
  data = g_bytes_get_data (response->body, &length);
  {
    g_autofree char *text = g_strndup (data, length);
    *keep = json_from_string (text, NULL);
  }
  return *keep != NULL && JSON_NODE_HOLDS_OBJECT (*keep) ? json_node_get_object (*keep) : NULL;
}

/* A new row of persons, the name cut in the Vietnamese order: family name first, given name
 * last, the middle names between. `si_code` and `health_card` may be NULL. Its id, or 0 with the
 * database's error (a constraint refused: an ID that does not fit the birth date…). */
static gint64
insert_person (CdDatabase  *database,
               const char  *personal_id,
               const char  *si_code,
               const char  *health_card,
               const char  *full_name,
               const char  *sex,
               const char  *birth_date,
               GError     **error)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (
    database, "INSERT INTO persons (personal_id, si_code, health_card, full_name, family_name,"
              " middle_name, given_name, name_folded, sex, birth_date, updated_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
              " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", error);
  g_auto(GStrv) words = g_strsplit (full_name, " ", -1);
  guint n = g_strv_length (words);
  g_autofree char *middle = n > 2 ? g_strjoinv (" ", (char **) (words + 1)) : g_strdup ("");
  g_autofree char *folded = cd_text_fold (full_name);

  if (stmt == NULL)
    return 0;
  if (n > 2)
    middle[strlen (middle) - strlen (words[n - 1]) - 1] = '\0';
  cd_statement_bind_text (stmt, 1, personal_id);
  cd_statement_bind_text (stmt, 2, si_code);
  cd_statement_bind_text (stmt, 3, health_card);
  cd_statement_bind_text (stmt, 4, full_name);
  cd_statement_bind_text (stmt, 5, words[0]);
  cd_statement_bind_text (stmt, 6, middle);
  cd_statement_bind_text (stmt, 7, words[n - 1]);
  cd_statement_bind_text (stmt, 8, folded);
  cd_statement_bind_text (stmt, 9, sex);
  cd_statement_bind_text (stmt, 10, birth_date);
  if (!cd_statement_run (stmt, error))
    return 0;
  return cd_database_last_insert_rowid (database);
}

/* A person the office has never seen gets a row from the central system's answer, so that their
 * evidence has someone to belong to (and to be found again offline). */
static gint64
ensure_person (CdDatabase  *database,
               const char  *personal_id,
               GPtrArray   *responses,
               GError     **error)
{
  gint64 id = 0;
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *person;
  const char *full_name;
  GError *local_error = NULL;

  /* A lookup that fails counts as nobody known; if the database is at fault, the insert below
   * fails and says so. */
  cd_persons_find_by_personal_id (database, personal_id, &id, NULL);
  if (id > 0 || CD_N_EVIDENCE_SOURCES > responses->len)
    return id;
  person = central_person (responses, &keep);
  full_name = person != NULL ? json_object_get_string_member_with_default (person, "full_name", NULL)
                             : NULL;
  if (full_name == NULL || *full_name == '\0')
    return 0;

  id = insert_person (database, personal_id,
                      json_object_get_string_member_with_default (person, "si_code", NULL),
                      json_object_get_string_member_with_default (person, "health_card", NULL),
                      full_name, json_object_get_string_member_with_default (person, "sex", ""),
                      json_object_get_string_member_with_default (person, "birth_date", ""),
                      &local_error);
  if (id > 0)
    return id;
  /* The answer contradicts itself (an ID that does not fit the birth date): keep the evidence
   * anyway, belonging to no one yet, and say why. */
  if (g_error_matches (local_error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CONSTRAINT))
    {
      g_error_free (local_error);
      return 0;
    }
  store_failed (error, local_error, _("Storing evidence"));
  return -1;
}

gboolean
cd_evidence_store_ensure_child (CdDatabase  *db,
                                const char  *claimant_id,
                                const char  *child_id,
                                gboolean    *out_known,
                                GError     **error)
{
  g_autofree char *fields = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CdStatement) link = NULL;
  JsonObject *object, *child = NULL, *name;
  JsonArray *relatives;
  const char *full, *birth;
  gint64 parent = 0, id = 0;

  *out_known = FALSE;
  if (!cd_persons_find_by_personal_id (db, claimant_id, &parent, error)
      || !cd_persons_find_by_personal_id (db, child_id, &id, error))
    return FALSE;
  if (parent == 0)
    return TRUE;
  /* Only a child the register lists: the row's word is not enough to make someone a child. */
  if (!cd_evidence_store_latest (db, claimant_id, CD_EVIDENCE_POPULATION_RELATIVES, NULL, &fields,
                                 NULL, error))
    return error == NULL || *error == NULL;
  root = fields != NULL ? json_from_string (fields, NULL) : NULL;
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  relatives = object != NULL && json_object_has_member (object, "relatives")
              && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "relatives"))
              ? json_object_get_array_member (object, "relatives") : NULL;
  for (guint i = 0; relatives != NULL && i < json_array_get_length (relatives); i++)
    {
      JsonObject *entry = json_array_get_object_element (relatives, i);

      if (entry != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (entry, "SoDinhDanh", NULL),
                        child_id) == 0)
        child = entry;
    }
  if (child == NULL)
    return TRUE;
  if (id == 0)
    {
      name = cd_json_member_object (child, "HoVaTen");
      full = name != NULL ? json_object_get_string_member_with_default (name, "full", NULL) : NULL;
      birth = json_object_get_string_member_with_default (child, "NgayThangNamSinh", NULL);
      if (full == NULL || *full == '\0' || birth == NULL || strlen (birth) != 10)
        return TRUE;  /* not enough to know them by */
      id = insert_person (db, child_id, NULL, NULL, full,
                          cd_personal_id_is_female (child_id) ? "female" : "male", birth, error);
      if (id == 0)
        return FALSE;
    }
  link = cd_database_prepare (db, "INSERT OR IGNORE INTO family_links (person_id, relation,"
                                  " relative_id) VALUES (?1, 'child', ?2)", error);
  if (link == NULL)
    return FALSE;
  cd_statement_bind_int64 (link, 1, parent);
  cd_statement_bind_int64 (link, 2, id);
  if (!cd_statement_run (link, error))
    return FALSE;
  *out_known = TRUE;
  return TRUE;
}

GPtrArray *
cd_evidence_store_save (CdDatabase    *database,
                        const char    *personal_id,
                        const char    *window_from,
                        const char    *window_to,
                        gint64         claim_id,
                        GPtrArray     *responses,
                        CdTrustStore  *trust,
                        GError       **error)
{
  g_autoptr(GPtrArray) results = NULL;
  gint64 person_id = ensure_person (database, personal_id, responses, error);

  if (person_id < 0)
    return NULL;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_stored_evidence_free);
  for (guint i = 0; i < responses->len; i++)
    {
      const CdEvidenceResponse *response = g_ptr_array_index (responses, i);
      CdStoredEvidence *stored;

      if (response->body == NULL || response->status >= 400)
        {
          /* No answer: nothing to keep; the newest stored one stands in (cd_evidence_store_latest).
           */
          stored = g_new0 (CdStoredEvidence, 1);
          stored->source = response->source;
          g_ptr_array_add (results, stored);
          continue;
        }
      stored = store_one (database, response, claim_id, person_id, window_from, window_to, trust,
                          error);
      if (stored == NULL)
        return NULL;
      g_ptr_array_add (results, stored);
    }

  if (claim_id > 0 && cd_evidence_link_claim (database, claim_id, error) == G_MAXUINT)
    return NULL;
  return g_steal_pointer (&results);
}

gboolean
cd_evidence_store_latest (CdDatabase        *database,
                          const char        *personal_id,
                          CdEvidenceSource   source,
                          gint64            *document_id,
                          char             **fields_json,
                          GDateTime        **fetched_at,
                          GError           **error)
{
  static const char sql[] =
    "SELECT d.id, d.fields, d.fetched_at FROM documents d JOIN persons p ON p.id = d.person_id"
    " WHERE p.personal_id = ?1 AND d.kind = ?2 AND d.parent_id IS NULL"
    " AND d.parse_status = 'parsed' AND d.source_system <> 'manual'"
    " ORDER BY d.fetched_at DESC, d.id DESC LIMIT 1";
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (source < CD_N_EVIDENCE_SOURCES, FALSE);

  stmt = cd_database_prepare (database, sql, &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, personal_id);
      cd_statement_bind_text (stmt, 2, source_rows[source].kind);
      step = cd_statement_step (stmt, &local_error);
    }
  if (step == CD_STEP_FAILED)
    {
      store_failed (error, local_error, _("Reading stored evidence"));
      return FALSE;
    }
  if (step == CD_STEP_DONE)
    return FALSE;
  if (document_id != NULL)
    *document_id = cd_statement_get_int64 (stmt, 0);
  if (fields_json != NULL)
    *fields_json = cd_statement_dup_text (stmt, 1);
  if (fetched_at != NULL)
    *fetched_at = g_date_time_new_from_iso8601 (cd_statement_get_text (stmt, 2), NULL);
  return TRUE;
}

guint
cd_evidence_link_claim (CdDatabase  *database,
                        gint64       claim_id,
                        GError     **error)
{
  /* Dated medical tables of the claimant (or the child the claim is about) whose date falls within
   * the claim's period widened by the margin; and the claimant's undated records (identity, status,
   * family, contributions), which every claim of theirs needs. Documents already linked to another
   * claim stay where they are. A paper document (source_system 'manual', its record under
   * records[0]) links as its electronic kind would: a medical table by its date, an assessment or
   * a registration always. */
  static const char sql[] =
    "UPDATE documents SET claim_id = ?1"
    " WHERE claim_id IS NULL AND id IN ("
    "  SELECT d.id FROM documents d, claims c"
    "  WHERE c.id = ?1 AND (d.person_id = c.claimant_id OR d.person_id = c.child_id)"
    "   AND ((d.parent_id IS NOT NULL AND d.parse_status = 'parsed'"
    "         AND substr(coalesce(json_extract(d.fields, '$.TU_NGAY'),"
    "                             json_extract(d.fields, '$.NGAY_VAO'),"
    "                             json_extract(d.fields, '$.NGAY_SINH_CON'),"
    "                             json_extract(d.fields, '$.NGAY_RA'),"
    "                             json_extract(d.fields, '$.NGAY_HOP')), 1, 10)"
    "             BETWEEN date(c.period_from, '-" G_STRINGIFY (LINK_MARGIN_DAYS) " days')"
    "                 AND date(c.period_to, '+" G_STRINGIFY (LINK_MARGIN_DAYS) " days'))"
    "        OR (d.parent_id IS NULL AND d.kind NOT IN ('envelope')"
    "            AND d.source_system <> 'manual')"
    "        OR (d.source_system = 'manual' AND d.parse_status = 'parsed'"
    "            AND (d.kind IN ('medical_assessment', 'birth_registration', 'death_registration')"
    "                 OR substr(coalesce(json_extract(d.fields, '$.records[0].TU_NGAY'),"
    "                                    json_extract(d.fields, '$.records[0].NGAY_VAO'),"
    "                                    json_extract(d.fields, '$.records[0].NGAY_SINH_CON'),"
    "                                    json_extract(d.fields, '$.records[0].NGAY_RA')), 1, 10)"
    "                    BETWEEN date(c.period_from, '-" G_STRINGIFY (LINK_MARGIN_DAYS) " days')"
    "                        AND date(c.period_to, '+" G_STRINGIFY (LINK_MARGIN_DAYS) " days'))))"
    " )";
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  stmt = cd_database_prepare (database, sql, &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, claim_id);
      if (cd_statement_run (stmt, &local_error))
        return (guint) cd_database_changes (database);
    }
  store_failed (error, local_error, _("Linking evidence to the claim"));
  return G_MAXUINT;
}

char *
cd_evidence_describe_age (GDateTime *fetched_at,
                          GDateTime *now)
{
  GTimeSpan age = g_date_time_difference (now, fetched_at);
  gint64 minutes = age / G_TIME_SPAN_MINUTE;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (gulong) minutes), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         (gulong) (minutes / 60)), (int) (minutes / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                       (gulong) (minutes / 1440)), (int) (minutes / 1440));
}
