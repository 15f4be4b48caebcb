/* cd-cross-checks.c — what does not add up between the sources. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cd-card-check.h"
#include "cd-cross-checks.h"
#include "cd-persons.h"
#include "cd-statement.h"
#include "cd-text-fold.h"

static void
add_finding (GPtrArray         *findings,
             const char        *code,
             CdFindingSeverity  severity,
             char              *message_vi,
             char              *message_en)
{
  g_ptr_array_add (findings, cd_finding_new (code, severity, message_vi, message_en));
}

/* ---- Reading the stored evidence ------------------------------------------------------------- */

typedef struct
{
  CdDatabase *db;
  gint64      person_id;
  const char *personal_id;
  GError    **error;
  gboolean    failed;
} Reader;

/* Runs a query with ?1 = person id, ?2 and ?3 = the text arguments if any; calls `row` per row. */
static void
each_row (Reader      *reader,
          const char  *sql,
          const char  *argument,
          const char  *argument2,
          void       (*row) (CdStatement *stmt, gpointer data),
          gpointer     data)
{
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  if (reader->failed)
    return;
  stmt = cd_database_prepare (reader->db, sql, &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, reader->person_id);
      if (argument != NULL)
        cd_statement_bind_text (stmt, 2, argument);
      if (argument2 != NULL)
        cd_statement_bind_text (stmt, 3, argument2);
      while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
        row (stmt, data);
    }
  if (step == CD_STEP_FAILED)
    {
      g_propagate_prefixed_error (reader->error, local_error, _("Checking the evidence of %s: "),
                                  reader->personal_id);
      reader->failed = TRUE;
    }
}

static void
collect_text (CdStatement *stmt,
              gpointer     data)
{
  g_ptr_array_add (data, cd_statement_dup_text (stmt, 0));
}

/* The newest parsed fields of one kind of the person's top-level documents. A fetched document is
 * preferred to a paper one of the same kind (cd-paper-document.h): it comes signed or from the
 * register itself; the paper one counts where nothing was fetched. */
static JsonObject *
latest_fields (Reader     *reader,
               const char *kind,
               JsonNode  **keep)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  each_row (reader,
            "SELECT fields FROM documents WHERE person_id = ?1 AND kind = ?2 AND parent_id IS NULL"
            " AND parse_status = 'parsed'"
            " ORDER BY source_system = 'manual', fetched_at DESC, id DESC LIMIT 1",
            kind, NULL, collect_text, rows);
  if (rows->len == 0 || g_ptr_array_index (rows, 0) == NULL)
    return NULL;
  *keep = json_from_string (g_ptr_array_index (rows, 0), NULL);
  return *keep != NULL && JSON_NODE_HOLDS_OBJECT (*keep) ? json_node_get_object (*keep) : NULL;
}

/* Names compare after Unicode normalisation and white-space folding: "Nguyễn  Văn" (two spaces, or
 * decomposed accents) is the same name; "Nguyen Van" is the same name spelt without its accents. */
static char *
normalise_name (const char *name)
{
  g_autofree char *nfc = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) words = g_strsplit_set (nfc != NULL ? nfc : "", " \t", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, words[i]);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
citizen_name (JsonObject *citizen)
{
  JsonObject *name = json_object_has_member (citizen, "HoVaTen")
                     ? json_object_get_object_member (citizen, "HoVaTen") : NULL;

  if (name == NULL)
    return NULL;
  if (json_object_has_member (name, "full"))
    return g_strdup (json_object_get_string_member (name, "full"));
  return g_strjoin (" ", json_object_get_string_member_with_default (name, "Ho", ""),
                    json_object_get_string_member_with_default (name, "ChuDem", ""),
                    json_object_get_string_member_with_default (name, "Ten", ""), NULL);
}

typedef struct
{
  const char *system_vi;
  const char *system_en;
  char       *name;
  char       *birth;   /* YYYY-MM-DD */
} Identity;

static void
identity_clear (Identity *identity)
{
  g_free (identity->name);
  g_free (identity->birth);
}

static void
collect_visit_identity (CdStatement  *stmt,
                        gpointer      data)
{
  GArray *identities = data;
  g_autoptr(JsonNode) node = json_from_string (cd_statement_get_text (stmt, 0), NULL);
  JsonObject *fields = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  Identity identity = { "hồ sơ khám chữa bệnh", "the medical record", NULL, NULL };

  if (fields == NULL)
    return;
  identity.name = g_strdup (json_object_get_string_member_with_default (fields, "HO_TEN", NULL));
  identity.birth = g_strndup (json_object_get_string_member_with_default (fields, "NGAY_SINH", ""), 10);
  g_array_append_val (identities, identity);
}

static void
check_identity (Reader    *reader,
                GPtrArray *findings)
{
  g_autoptr(JsonNode) keep_central = NULL;
  g_autoptr(JsonNode) keep_citizen = NULL;
  JsonObject *central = latest_fields (reader, "insured_person", &keep_central);
  JsonObject *lookup = latest_fields (reader, "citizen", &keep_citizen);
  JsonObject *citizen = lookup != NULL && json_object_has_member (lookup, "citizen")
                        ? json_object_get_object_member (lookup, "citizen") : NULL;
  g_autoptr(GArray) identities = g_array_new (FALSE, TRUE, sizeof (Identity));
  Identity reference = { NULL };

  g_array_set_clear_func (identities, (GDestroyNotify) identity_clear);

  /* The population register is the reference for identity; the central system stands in. */
  if (citizen != NULL)
    reference = (Identity) { "cơ sở dữ liệu dân cư", "the population register", citizen_name (citizen),
                             g_strdup (json_object_get_string_member_with_default (citizen,
                                                                                   "NgayThangNamSinh", NULL)) };
  if (central != NULL)
    {
      Identity identity = { "hệ thống BHXH trung ương", "the central social-security system",
                            g_strdup (json_object_get_string_member_with_default (central, "full_name",
                                                                                  NULL)),
                            g_strdup (json_object_get_string_member_with_default (central, "birth_date",
                                                                                  NULL)) };
      if (reference.name == NULL)
        reference = identity;
      else
        g_array_append_val (identities, identity);
    }
  if (reference.name == NULL)
    return;

  /* Only the person's own visits: a sick child's visit, fetched with the parent, names the child.
   */
  each_row (reader,
            "SELECT DISTINCT fields FROM documents WHERE person_id = ?1 AND kind = 'visit_summary'"
            " AND parse_status = 'parsed' AND json_extract (fields, '$.SO_CCCD') = ?2",
            reader->personal_id, NULL, collect_visit_identity, identities);

  {
    g_autofree char *reference_name = normalise_name (reference.name);
    g_autofree char *reference_folded = cd_text_fold (reference_name);
    gboolean name_reported = FALSE, birth_reported = FALSE;

    for (guint i = 0; i < identities->len; i++)
      {
        Identity *other = &g_array_index (identities, Identity, i);
        g_autofree char *name = other->name != NULL ? normalise_name (other->name) : NULL;

        if (name != NULL && !g_str_equal (name, reference_name) && !name_reported)
          {
            g_autofree char *folded = cd_text_fold (name);
            gboolean spelling_only = g_str_equal (folded, reference_folded);

            add_finding (findings, spelling_only ? "identity.name_spelling" : "identity.name_mismatch",
                         spelling_only ? CD_FINDING_WARNING : CD_FINDING_ERROR,
                         g_strdup_printf ("Họ tên trong %s là “%s”, trong %s là “%s”.",
                                          other->system_vi, name, reference.system_vi, reference_name),
                         g_strdup_printf ("The name in %s is “%s”; in %s it is “%s”.",
                                          other->system_en, name, reference.system_en, reference_name));
            name_reported = TRUE;
          }
        if (other->birth != NULL && reference.birth != NULL && *other->birth != '\0'
            && !g_str_equal (other->birth, reference.birth) && !birth_reported)
          {
            add_finding (findings, "identity.birth_date_mismatch", CD_FINDING_ERROR,
                         g_strdup_printf ("Ngày sinh trong %s là %s, trong %s là %s.", other->system_vi,
                                          other->birth, reference.system_vi, reference.birth),
                         g_strdup_printf ("The birth date in %s is %s; in %s it is %s.",
                                          other->system_en, other->birth, reference.system_en,
                                          reference.birth));
            birth_reported = TRUE;
          }
      }
  }
  identity_clear (&reference);
}

/* The card the officer scanned, against the population register's identity of its holder. */
static void
check_card (Reader              *reader,
            const CdCitizenCard *card,
            GPtrArray           *findings)
{
  g_autoptr(JsonNode) keep_citizen = NULL;
  JsonObject *lookup = latest_fields (reader, "citizen", &keep_citizen);
  JsonObject *citizen = lookup != NULL && json_object_has_member (lookup, "citizen")
                        ? json_object_get_object_member (lookup, "citizen") : NULL;
  g_autofree char *name = citizen != NULL ? citizen_name (citizen) : NULL;
  const char *birth = citizen != NULL
                      ? json_object_get_string_member_with_default (citizen, "NgayThangNamSinh",
                                                                    NULL)
                      : NULL;
  CdFinding *finding = cd_card_check (card, name, birth);

  if (finding != NULL)
    g_ptr_array_add (findings, finding);
}

static void
check_alive (Reader    *reader,
             GPtrArray *findings)
{
  g_autoptr(JsonNode) keep_status = NULL;
  g_autoptr(JsonNode) keep_deaths = NULL;
  JsonObject *status = latest_fields (reader, "vital_status", &keep_status);
  JsonObject *deaths = latest_fields (reader, "death_registration", &keep_deaths);
  const char *died = NULL;

  if (status != NULL && g_strcmp0 (json_object_get_string_member_with_default (status, "status", NULL),
                                   "dead") == 0)
    died = json_object_get_string_member_with_default (status, "NgayChet", "?");
  if (died == NULL && deaths != NULL && json_object_has_member (deaths, "records")
      && json_array_get_length (json_object_get_array_member (deaths, "records")) > 0)
    died = json_object_get_string_member_with_default (
      json_array_get_object_element (json_object_get_array_member (deaths, "records"), 0),
      "nktNgayChet", "?");
  if (died != NULL)
    add_finding (findings, "claimant.dead", CD_FINDING_ERROR,
                 g_strdup_printf ("Người đề nghị hưởng đã chết theo sổ đăng ký (ngày chết %s).", died),
                 g_strdup_printf ("The claimant is dead in the register (died %s).", died));
}

typedef struct
{
  char *serial;
  char *from;
  char *to;
  char *facility;
} Certificate;

static void
certificate_clear (Certificate *certificate)
{
  g_free (certificate->serial);
  g_free (certificate->from);
  g_free (certificate->to);
  g_free (certificate->facility);
}

static void
collect_certificate (CdStatement  *stmt,
                     gpointer      data)
{
  GArray *certificates = data;
  Certificate certificate = {
    cd_statement_dup_text (stmt, 0),
    cd_statement_dup_text (stmt, 1),
    cd_statement_dup_text (stmt, 2),
    cd_statement_dup_text (stmt, 3),
  };

  if (certificate.serial == NULL || certificate.from == NULL || certificate.to == NULL)
    {
      certificate_clear (&certificate);
      return;
    }
  g_array_append_val (certificates, certificate);
}

static void
count_rows (CdStatement  *stmt,
            gpointer      data)
{
  *(guint *) data += (guint) cd_statement_get_int (stmt, 0);
}

/* A leave certificate's field: an envelope's table row holds the record itself, a paper one the
 * table's shape with its one record. */
#define PAPER_OR_TABLE(name) \
  "coalesce (json_extract (fields, '$." name "'), json_extract (fields, '$.records[0]." name "'))"

static void
check_certificates (Reader    *reader,
                    GPtrArray *findings)
{
  g_autoptr(GArray) certificates = g_array_new (FALSE, TRUE, sizeof (Certificate));

  g_array_set_clear_func (certificates, (GDestroyNotify) certificate_clear);
  /* One row per certificate, however often it was fetched again. A paper certificate keeps its
   * one record under records[0] (the MoH table's shape) and names its facility by code. */
  each_row (reader,
            "SELECT DISTINCT " PAPER_OR_TABLE ("SO_SERI") ", " PAPER_OR_TABLE ("TU_NGAY") ","
            " " PAPER_OR_TABLE ("DEN_NGAY") ","
            " coalesce (json_extract (fields, '$.DON_VI'),"
            "           json_extract (fields, '$.records[0].DON_VI'),"
            "           json_extract (fields, '$.records[0].MA_CSKCB')) FROM documents"
            " WHERE person_id = ?1 AND kind = 'leave_certificate' AND parse_status = 'parsed'",
            NULL, NULL, collect_certificate, certificates);

  for (guint i = 0; i < certificates->len; i++)
    {
      Certificate *a = &g_array_index (certificates, Certificate, i);
      guint reused = 0;
      /* The same serial on a certificate of someone else, or for other days. */
      each_row (reader,
                "SELECT count(*) FROM documents WHERE kind = 'leave_certificate'"
                " AND parse_status = 'parsed' AND " PAPER_OR_TABLE ("SO_SERI") " = ?2"
                " AND (person_id IS NOT ?1 OR " PAPER_OR_TABLE ("TU_NGAY") " <> ?3)",
                a->serial, a->from, count_rows, &reused);
      if (reused > 0)
        add_finding (findings, "certificate.serial_reused", CD_FINDING_ERROR,
                     g_strdup_printf ("Số seri giấy chứng nhận nghỉ việc %s đã được dùng cho một giấy khác.",
                                      a->serial),
                     g_strdup_printf ("Leave certificate serial %s was already used on another certificate.",
                                      a->serial));

      for (guint j = i + 1; j < certificates->len; j++)
        {
          Certificate *b = &g_array_index (certificates, Certificate, j);

          if (g_strcmp0 (a->serial, b->serial) != 0
              && strcmp (a->from, b->to) <= 0 && strcmp (b->from, a->to) <= 0)
            add_finding (findings, "leave.overlap", CD_FINDING_ERROR,
                         g_strdup_printf ("Hai giấy nghỉ việc trùng thời gian: %s (%s → %s, %s) và %s (%s → %s, %s).",
                                          a->serial, a->from, a->to, a->facility ? a->facility : "?",
                                          b->serial, b->from, b->to, b->facility ? b->facility : "?"),
                         g_strdup_printf ("Two leave certificates overlap: %s (%s → %s, %s) and %s (%s → %s, %s).",
                                          a->serial, a->from, a->to, a->facility ? a->facility : "?",
                                          b->serial, b->from, b->to, b->facility ? b->facility : "?"));
        }
    }
}

static gboolean
child_listed (JsonObject *fields,
              const char *array_member,
              const char *id_member,
              const char *child_id)
{
  JsonArray *list = fields != NULL && json_object_has_member (fields, array_member)
                    ? json_object_get_array_member (fields, array_member) : NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);
      if (g_strcmp0 (json_object_get_string_member_with_default (entry, id_member, NULL), child_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
check_child (Reader    *reader,
             gint64     claim_id,
             GPtrArray *findings)
{
  g_autoptr(GPtrArray) child = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) keep_relatives = NULL;
  g_autoptr(JsonNode) keep_births = NULL;
  g_autofree char *claim_text = g_strdup_printf ("%" G_GINT64_FORMAT, claim_id);
  JsonObject *relatives, *births;
  const char *child_id;

  each_row (reader,
            "SELECT p.personal_id FROM claims c JOIN persons p ON p.id = c.child_id"
            " WHERE c.id = CAST (?2 AS INTEGER) AND c.claimant_id = ?1",
            claim_text, NULL, collect_text, child);
  if (child->len == 0)
    return;
  child_id = g_ptr_array_index (child, 0);
  relatives = latest_fields (reader, "relatives", &keep_relatives);
  births = latest_fields (reader, "birth_registration", &keep_births);
  if (relatives == NULL && births == NULL)
    return;  /* nothing to check against yet */
  if (!child_listed (relatives, "relatives", "SoDinhDanh", child_id)
      && !child_listed (births, "records", "soDinhDanh", child_id))
    add_finding (findings, "child.not_claimants", CD_FINDING_ERROR,
                 g_strdup_printf ("Trẻ %s không phải con của người đề nghị theo dữ liệu dân cư và hộ tịch.",
                                  child_id),
                 g_strdup_printf ("Child %s is not the claimant's child in the population and civil-status records.",
                                  child_id));
}

static gboolean
record_findings (CdDatabase  *db,
                 gint64       person_id,
                 gint64       claim_id,
                 gboolean     card_checked,
                 GPtrArray   *findings,
                 GError     **error)
{
  static const char sql[] =
    "INSERT INTO verifications (claim_id, person_id, source, request, result, discrepancies,"
    " checked_at)"
    " VALUES (?1, ?2, 'cross_check', ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *discrepancies = NULL;
  g_autofree char *request = g_strdup_printf ("{\"checks\":[\"identity\",\"alive\",\"certificates\","
                                              "\"child\"%s],\"claim\":%" G_GINT64_FORMAT "}",
                                              card_checked ? ",\"card\"" : "", claim_id);
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    cd_finding_to_json (g_ptr_array_index (findings, i), builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  discrepancies = json_to_string (root, FALSE);

  stmt = cd_database_prepare (db, sql, &local_error);
  if (stmt != NULL)
    {
      if (claim_id > 0)
        cd_statement_bind_int64 (stmt, 1, claim_id);
      else
        cd_statement_bind_null (stmt, 1);
      cd_statement_bind_int64 (stmt, 2, person_id);
      cd_statement_bind_text (stmt, 3, request);
      cd_statement_bind_text (stmt, 4, findings->len == 0 ? "match" : "mismatch");
      cd_statement_bind_text (stmt, 5, discrepancies);
      if (cd_statement_run (stmt, &local_error))
        return TRUE;
    }
  g_propagate_prefixed_error (error, local_error, "%s: ", _("Recording the checks"));
  return FALSE;
}

GPtrArray *
cd_cross_check (CdDatabase           *database,
                const char           *personal_id,
                gint64                claim_id,
                const CdCitizenCard  *card,
                GError              **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_finding_free);
  Reader reader = { database, 0, personal_id, error, FALSE };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (card == NULL || g_strcmp0 (card->personal_id, personal_id) == 0, NULL);

  if (!cd_persons_find_by_personal_id (database, personal_id, &reader.person_id, NULL)
      || reader.person_id == 0)
    {
      /* Nothing stored for this person yet (no source answered): a card scanned is then said not
       * to be checked, never taken as matching. There is no person to record it against. */
      if (card != NULL)
        g_ptr_array_add (findings, cd_card_check (card, NULL, NULL));
      return g_steal_pointer (&findings);
    }

  check_identity (&reader, findings);
  if (card != NULL)
    check_card (&reader, card, findings);
  check_alive (&reader, findings);
  check_certificates (&reader, findings);
  if (claim_id > 0)
    check_child (&reader, claim_id, findings);
  if (reader.failed)
    return NULL;

  if (!record_findings (reader.db, reader.person_id, claim_id, card != NULL, findings, error))
    return NULL;
  return g_steal_pointer (&findings);
}
