/* cd-paper-document.c — a paper document an officer records when no source can give it. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-canonical-json.h"
#include "cd-identifiers.h"
#include "cd-paper-document.h"
#include "cd-persons.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-paper-error-quark, cd_paper_error)

/* Free text is kept as typed, up to what the MoH tables accept. */
#define MAX_TEXT 20000
#define MAX_CODE 50

void
cd_paper_invalid_free (CdPaperInvalid *invalid)
{
  if (invalid == NULL)
    return;
  g_free (invalid->field);
  g_free (invalid->reason);
  g_free (invalid);
}

static void
add_invalid (GPtrArray  *invalid,
             const char *field,
             char       *reason)
{
  CdPaperInvalid *entry = g_new0 (CdPaperInvalid, 1);

  entry->field = g_strdup (field);
  entry->reason = reason;
  g_ptr_array_add (invalid, entry);
}

/* --- Reading what was typed ------------------------------------------------------------------- */

static gboolean
all_digits (const char *text,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* YYYY-MM-DD or D/M/YYYY (one or two digits for day and month). Returns "YYYY-MM-DD", or NULL with
 * the reason: not a date at all, or a date the calendar does not have. */
static char *
read_date (const char  *text,
           char       **reason)
{
  g_auto(GStrv) parts = NULL;
  int year = 0, month = 0, day = 0;
  gboolean shaped = FALSE;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-' && all_digits (text, 4)
      && all_digits (text + 5, 2) && all_digits (text + 8, 2))
    {
      year = atoi (text);
      month = atoi (text + 5);
      day = atoi (text + 8);
      shaped = TRUE;
    }
  else if (strchr (text, '/') != NULL)
    {
      parts = g_strsplit (text, "/", -1);
      if (g_strv_length (parts) == 3 && strlen (parts[0]) >= 1 && strlen (parts[0]) <= 2
          && strlen (parts[1]) >= 1 && strlen (parts[1]) <= 2 && strlen (parts[2]) == 4
          && all_digits (parts[0], strlen (parts[0])) && all_digits (parts[1], strlen (parts[1]))
          && all_digits (parts[2], 4))
        {
          day = atoi (parts[0]);
          month = atoi (parts[1]);
          year = atoi (parts[2]);
          shaped = TRUE;
        }
    }
  if (!shaped)
    {
      *reason = g_strdup_printf (_("Not a date (YYYY-MM-DD or DD/MM/YYYY): %s"), text);
      return NULL;
    }
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      *reason = g_strdup_printf (_("No such date: %s"), text);
      return NULL;
    }
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static gboolean
is_one_of (const char          *folded,
           const char * const  *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (folded, words[i]))
      return TRUE;
  return FALSE;
}

/* The value a field's text stands for, in the shape the electronic parser gives it; NULL with a
 * reason a person understands. */
static JsonNode *
read_value (const CdPaperField  *field,
            const char          *text,
            char               **reason)
{
  g_autoptr(GError) error = NULL;

  switch (field->type)
    {
    case CD_PAPER_FIELD_TEXT:
      if (g_utf8_strlen (text, -1) > MAX_TEXT)
        {
          *reason = g_strdup_printf (_("Longer than %d characters"), MAX_TEXT);
          return NULL;
        }
      return json_node_init_string (json_node_alloc (), text);

    case CD_PAPER_FIELD_CODE:
      if (strlen (text) > MAX_CODE)
        {
          *reason = g_strdup_printf (_("Longer than %d characters: %s"), MAX_CODE, text);
          return NULL;
        }
      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && strchr ("._-/", *p) == NULL)
          {
            *reason = g_strdup_printf (_("Only letters, digits and . _ - / are allowed: %s"),
                                       text);
            return NULL;
          }
      return json_node_init_string (json_node_alloc (), text);

    case CD_PAPER_FIELD_DATE:
      {
        g_autofree char *iso = read_date (text, reason);

        return iso != NULL ? json_node_init_string (json_node_alloc (), iso) : NULL;
      }

    case CD_PAPER_FIELD_FACILITY:
      if (!cd_identifier_check_facility (text, &error))
        break;
      return json_node_init_string (json_node_alloc (), text);

    case CD_PAPER_FIELD_ICD10:
      if (!cd_identifier_check_icd10 (text, &error))
        break;
      return json_node_init_string (json_node_alloc (), text);

    case CD_PAPER_FIELD_PERSONAL_ID:
      if (!cd_identifier_check_personal_id (text, &error))
        break;
      return json_node_init_string (json_node_alloc (), text);

    case CD_PAPER_FIELD_PERSON_DOC:
      if (!cd_identifier_check_person_doc (text, NULL, &error))
        break;
      return json_node_init_string (json_node_alloc (), text);

    case CD_PAPER_FIELD_SI_CODE:
      if (!cd_identifier_check_si_code (text, &error))
        break;
      return json_node_init_string (json_node_alloc (), text);

    case CD_PAPER_FIELD_NUMBER:
      {
        guint64 value = 0;

        if (strlen (text) > 9 || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
          {
            *reason = g_strdup_printf (_("Not a whole number: %s"), text);
            return NULL;
          }
        if (field->max > 0 && value > (guint64) field->max)
          {
            *reason = g_strdup_printf (_("At most %d: %s"), field->max, text);
            return NULL;
          }
        return json_node_init_int (json_node_alloc (), (gint64) value);
      }

    case CD_PAPER_FIELD_YES_NO:
      {
        static const char * const yes[] = { "1", "yes", "y", "true", "có", "co", NULL };
        static const char * const no[] = { "0", "no", "n", "false", "không", "khong", NULL };
        g_autofree char *folded = g_utf8_strdown (text, -1);

        if (is_one_of (folded, yes))
          return json_node_init_boolean (json_node_alloc (), TRUE);
        if (is_one_of (folded, no))
          return json_node_init_boolean (json_node_alloc (), FALSE);
        *reason = g_strdup_printf (_("Expected yes or no: %s"), text);
        return NULL;
      }

    case CD_PAPER_FIELD_SEX:
      {
        static const char * const male[] = { "1", "male", "m", "nam", NULL };
        static const char * const female[] = { "2", "female", "f", "nữ", "nu", NULL };
        static const char * const unknown[] = { "3", "unknown", NULL };
        g_autofree char *folded = g_utf8_strdown (text, -1);

        /* As the MoH tables store GIOI_TINH (cd-moh-tables.c). */
        if (is_one_of (folded, male))
          return json_node_init_string (json_node_alloc (), "male");
        if (is_one_of (folded, female))
          return json_node_init_string (json_node_alloc (), "female");
        if (is_one_of (folded, unknown))
          return json_node_init_string (json_node_alloc (), "unknown");
        *reason = g_strdup_printf (_("Expected male, female or unknown: %s"), text);
        return NULL;
      }

    default:
      g_assert_not_reached ();
    }

  /* cd-identifiers.h quotes the value and names the rule it broke, translated. */
  *reason = g_strdup (error->message);
  return NULL;
}

/* Dates that must come in order on one document: the first on or before the second. */
static const struct
{
  const char *kind;
  const char *earlier;
  const char *later;
} date_order[] = {
  { "leave_certificate", "TU_NGAY", "DEN_NGAY" },
  /* A leave certificate is issued at the examination, usually on the first day of the leave:
   * never after its last day, for leave is not certified in arrears. */
  { "leave_certificate", "NGAY_CT", "DEN_NGAY" },
  { "pregnancy_rest", "TU_NGAY", "DEN_NGAY" },
  { "discharge_paper", "NGAY_VAO", "NGAY_RA" },
  { "discharge_paper", "NGOAITRU_TUNGAY", "NGOAITRU_DENNGAY" },
  { "birth_certificate", "NGAYSINH_NND", "NGAY_SINH_CON" },
  { "birth_certificate", "NGAY_SINH_CON", "NGAY_CT" },
  { "medical_assessment", "NGAY_SINH", "NGAY_HOP" },
  { "birth_registration", "nksNgaySinh", "ngayDangKy" },
  { "death_registration", "nktNgaySinh", "nktNgayChet" },
  { "death_registration", "nktNgayChet", "ngayDangKy" },
};

/* A count of days the form prints beside the period it counts: both are on the paper, and a
 * mistyped one would change the benefit. */
static const struct
{
  const char *kind;
  const char *days;
  const char *from;
  const char *to;
} day_counts[] = {
  { "leave_certificate", "SO_NGAY_NGHI", "TU_NGAY", "DEN_NGAY" },
  { "pregnancy_rest", "SO_NGAY", "TU_NGAY", "DEN_NGAY" },
};

static gboolean
has_invalid (GPtrArray  *invalid,
             const char *field)
{
  for (guint i = 0; i < invalid->len; i++)
    if (g_str_equal (((CdPaperInvalid *) g_ptr_array_index (invalid, i))->field, field))
      return TRUE;
  return FALSE;
}

static const char *
record_string (JsonObject *record,
               const char *name)
{
  JsonNode *node = json_object_get_member (record, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static void
check_across (const CdPaperKind *kind,
              JsonObject        *record,
              GPtrArray         *invalid)
{
  for (guint i = 0; i < G_N_ELEMENTS (date_order); i++)
    {
      const char *earlier, *later;

      if (!g_str_equal (date_order[i].kind, kind->kind))
        continue;
      earlier = record_string (record, date_order[i].earlier);
      later = record_string (record, date_order[i].later);
      if (earlier != NULL && later != NULL && strcmp (later, earlier) < 0
          && !has_invalid (invalid, date_order[i].later))
        add_invalid (invalid, date_order[i].later,
                     /* TRANSLATORS: "To is before From (2026-03-01 < 2026-03-05)" */
                     g_strdup_printf (_("%s is before %s (%s < %s)"),
                                      cd_paper_field_get_label (
                                        cd_paper_kind_find_field (kind, date_order[i].later)),
                                      cd_paper_field_get_label (
                                        cd_paper_kind_find_field (kind, date_order[i].earlier)),
                                      later, earlier));
    }

  for (guint i = 0; i < G_N_ELEMENTS (day_counts); i++)
    {
      const char *from, *to;
      GDate a, b;
      gint64 days, span;

      if (!g_str_equal (day_counts[i].kind, kind->kind)
          || !json_object_has_member (record, day_counts[i].days))
        continue;
      from = record_string (record, day_counts[i].from);
      to = record_string (record, day_counts[i].to);
      if (from == NULL || to == NULL || strcmp (to, from) < 0)
        continue;
      g_date_clear (&a, 1);
      g_date_clear (&b, 1);
      g_date_set_dmy (&a, (GDateDay) atoi (from + 8), (GDateMonth) atoi (from + 5),
                      (GDateYear) atoi (from));
      g_date_set_dmy (&b, (GDateDay) atoi (to + 8), (GDateMonth) atoi (to + 5),
                      (GDateYear) atoi (to));
      span = g_date_days_between (&a, &b) + 1;
      days = json_object_get_int_member (record, day_counts[i].days);
      if (days != span)
        add_invalid (invalid, day_counts[i].days,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s is %d, but %s to %s is %d day",
                                                   "%s is %d, but %s to %s is %d days",
                                                   (gulong) span),
                                      cd_paper_field_get_label (
                                        cd_paper_kind_find_field (kind, day_counts[i].days)),
                                      (int) days, from, to, (int) span));
    }
}

JsonNode *
cd_paper_document_validate (const char  *kind_name,
                            GHashTable  *values,
                            GPtrArray  **out_invalid)
{
  const CdPaperKind *kind = cd_paper_kind_find (kind_name);
  g_autoptr(GPtrArray) invalid =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cd_paper_invalid_free);
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  JsonObject *result;
  JsonArray *records;
  JsonNode *node;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (values != NULL, NULL);

  if (kind == NULL)
    {
      add_invalid (invalid, "kind", g_strdup_printf (_("Not a kind of paper document: %s"),
                                                     kind_name != NULL ? kind_name : ""));
      if (out_invalid != NULL)
        *out_invalid = g_steal_pointer (&invalid);
      return NULL;
    }

  for (const CdPaperField *field = kind->fields; field->name != NULL; field++)
    {
      const char *typed = g_hash_table_lookup (values, field->name);
      g_autofree char *text = g_strstrip (g_strdup (typed != NULL ? typed : ""));
      char *reason = NULL;
      JsonNode *read;

      if (*text == '\0')
        {
          if (field->required)
            add_invalid (invalid, field->name, g_strdup (_("Required")));
          continue;
        }
      read = read_value (field, text, &reason);
      if (read == NULL)
        add_invalid (invalid, field->name, reason);
      else
        json_object_set_member (record, field->name, read);
    }

  /* A name the kind does not have (a typo on the command line) is refused, not dropped: the
   * officer meant to record something. Sorted, so the list does not depend on hashing. */
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (cd_paper_kind_find_field (kind, key) == NULL)
      g_ptr_array_add (unknown, key);
  g_ptr_array_sort (unknown, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < unknown->len; i++)
    {
      const char *name = *(const char **) &g_ptr_array_index (unknown, i);

      add_invalid (invalid, name, g_strdup_printf (_("%s has no field %s"),
                                                   cd_paper_kind_get_label (kind), name));
    }

  check_across (kind, record, invalid);

  if (invalid->len > 0)
    {
      if (out_invalid != NULL)
        *out_invalid = g_steal_pointer (&invalid);
      return NULL;
    }

  result = json_object_new ();
  records = json_array_new ();
  json_array_add_object_element (records, g_steal_pointer (&record));
  if (kind->table != NULL)
    {
      json_object_set_string_member (result, "table", kind->table);
      json_object_set_string_member (result, "root", kind->root);
    }
  else
    {
      /* cd-civil-status.c's shape; a paper has no exchange envelope to copy. */
      json_object_set_string_member (result, "event", kind->event);
      json_object_set_object_member (result, "envelope", json_object_new ());
    }
  json_object_set_array_member (result, "records", records);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, result);
  if (out_invalid != NULL)
    *out_invalid = NULL;
  return node;
}

JsonObject *
cd_paper_fields_record (JsonNode *fields)
{
  JsonObject *object;
  JsonNode *records;

  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return NULL;
  object = json_node_get_object (fields);
  records = json_object_get_member (object, "records");
  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records)
      || json_array_get_length (json_node_get_array (records)) != 1)
    return NULL;
  return json_array_get_object_element (json_node_get_array (records), 0);
}

/* --- Scans ------------------------------------------------------------------------------------ */

const char *
cd_paper_scan_media_type (const guint8 *data,
                          gsize         length)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff };
  static const guint8 pdf[] = { '%', 'P', 'D', 'F', '-' };

  if (data == NULL)
    return NULL;
  if (length >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "image/png";
  if (length >= sizeof jpeg && memcmp (data, jpeg, sizeof jpeg) == 0)
    return "image/jpeg";
  if (length >= sizeof pdf && memcmp (data, pdf, sizeof pdf) == 0)
    return "application/pdf";
  return NULL;
}

gboolean
cd_paper_scan_check (GBytes      *scan,
                     const char  *name,
                     GError     **error)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (scan, &length);

  if (length == 0)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_SCAN_TYPE,
                   _("The scan %s is empty: it holds no image"), name);
      return FALSE;
    }
  if (length > CD_PAPER_SCAN_MAX_BYTES)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_SCAN_TOO_LARGE,
                   _("The scan %s is %lld MiB; a scan may be at most %d MiB"),
                   name, (long long) ((length + 1024 * 1024 - 1) / (1024 * 1024)),
                   CD_PAPER_SCAN_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (cd_paper_scan_media_type (data, length) == NULL)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_SCAN_TYPE,
                   _("The scan %s is not a PNG or JPEG image nor a PDF (by its content)"), name);
      return FALSE;
    }
  return TRUE;
}

GBytes *
cd_paper_scan_read (const char  *path,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  /* Refused before it is read whole: a wrong file chosen may be gigabytes. */
  if (g_stat (path, &st) == 0 && st.st_size > CD_PAPER_SCAN_MAX_BYTES)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_SCAN_TOO_LARGE,
                   _("The scan %s is %lld MiB; a scan may be at most %d MiB"), path,
                   (long long) ((st.st_size + 1024 * 1024 - 1) / (1024 * 1024)),
                   CD_PAPER_SCAN_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_SCAN_READ, _("Reading the scan %s: %s"),
                   path, local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!cd_paper_scan_check (bytes, path, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

/* --- Saving ----------------------------------------------------------------------------------- */

static gboolean
failed (GError     **error,
        GError      *cause)
{
  g_propagate_prefixed_error (error, cause, "%s: ", _("Recording a paper document"));
  return FALSE;
}

/* The claim must be about this person: as its claimant, or as the child it is for. */
static gboolean
check_claim (CdDatabase  *db,
             gint64       claim_id,
             gint64       person_id,
             const char  *personal_id,
             GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  stmt = cd_database_prepare (db, "SELECT claimant_id = ?2 OR child_id IS ?2, number"
                                  " FROM claims WHERE id = ?1", &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_int64 (stmt, 1, claim_id);
      cd_statement_bind_int64 (stmt, 2, person_id);
      step = cd_statement_step (stmt, &local_error);
    }
  if (step == CD_STEP_FAILED)
    return failed (error, local_error);
  if (step == CD_STEP_DONE)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_UNKNOWN_CLAIM,
                   _("There is no claim %lld to link the paper document to"),
                   (long long) claim_id);
      return FALSE;
    }
  if (cd_statement_get_int (stmt, 0) == 0)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_UNKNOWN_CLAIM,
                   _("Claim %s is not about %s: the paper document cannot be linked to it"),
                   cd_statement_get_text (stmt, 1), personal_id);
      return FALSE;
    }
  return TRUE;
}

/* The scan's row, added unless the same bytes are already kept. */
static gint64
store_scan (CdDatabase  *db,
            GBytes      *scan,
            const char  *sha256,
            const char  *file_name,
            const char  *at,
            GError     **error)
{
  g_autoptr(CdStatement) insert = NULL;
  g_autoptr(CdStatement) select = NULL;
  GError *local_error = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (scan, &length);

  insert = cd_database_prepare (db, "INSERT INTO scans (sha256, media_type, file_name, size, bytes,"
                                    " added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                    " ON CONFLICT (sha256) DO NOTHING", &local_error);
  if (insert != NULL)
    {
      cd_statement_bind_text (insert, 1, sha256);
      cd_statement_bind_text (insert, 2, cd_paper_scan_media_type (data, length));
      cd_statement_bind_text (insert, 3, file_name);
      cd_statement_bind_int64 (insert, 4, (gint64) length);
      cd_statement_bind_blob (insert, 5, data, length);
      cd_statement_bind_text (insert, 6, at);
      if (cd_statement_run (insert, &local_error))
        select = cd_database_prepare (db, "SELECT id FROM scans WHERE sha256 = ?1", &local_error);
    }
  if (select != NULL)
    {
      cd_statement_bind_text (select, 1, sha256);
      if (cd_statement_step (select, &local_error) == CD_STEP_ROW)
        return cd_statement_get_int64 (select, 0);
    }
  failed (error, local_error);
  return 0;
}

static gint64
insert_document (CdDatabase  *db,
                 gint64       claim_id,
                 gint64       person_id,
                 const char  *kind,
                 const char  *at,
                 const char  *raw,
                 const char  *sha256,
                 const char  *fields,
                 gint64       user_id,
                 gint64       scan_id,
                 GError     **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;

  stmt = cd_database_prepare (db,
                              "INSERT INTO documents (claim_id, person_id, kind, source_system,"
                              " url, fetched_at, raw, sha256, signature_status, parse_status,"
                              " fields, parent_id, entered_by, scan_id, paper_state)"
                              " VALUES (?1, ?2, ?3, 'manual', NULL, ?4, ?5, ?6, 'not_applicable',"
                              " 'parsed', ?7, NULL, ?8, ?9, 'unverified')", &local_error);
  if (stmt != NULL)
    {
      if (claim_id > 0)
        cd_statement_bind_int64 (stmt, 1, claim_id);
      else
        cd_statement_bind_null (stmt, 1);
      cd_statement_bind_int64 (stmt, 2, person_id);
      cd_statement_bind_text (stmt, 3, kind);
      cd_statement_bind_text (stmt, 4, at);
      cd_statement_bind_blob (stmt, 5, raw, strlen (raw));
      cd_statement_bind_text (stmt, 6, sha256);
      cd_statement_bind_text (stmt, 7, fields);
      cd_statement_bind_int64 (stmt, 8, user_id);
      if (scan_id > 0)
        cd_statement_bind_int64 (stmt, 9, scan_id);
      else
        cd_statement_bind_null (stmt, 9);
      if (cd_statement_run (stmt, &local_error))
        return cd_database_last_insert_rowid (db);
    }
  failed (error, local_error);
  return 0;
}

/* raw: what the officer typed, who and when, as one canonical JSON text (docs/paper-documents.md).
 */
static char *
build_raw (const char *kind,
           JsonNode   *fields,
           const char *login,
           const char *at,
           const char *scan_sha256)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "format", CD_PAPER_FORMAT);
  json_object_set_string_member (object, "kind", kind);
  json_object_set_member (object, "fields", json_node_copy (fields));
  json_object_set_string_member (object, "entered_by", login);
  json_object_set_string_member (object, "entered_at", at);
  if (scan_sha256 != NULL)
    json_object_set_string_member (object, "scan_sha256", scan_sha256);
  else
    json_object_set_null_member (object, "scan_sha256");
  json_node_set_object (node, object);
  /* No floats in the fields (numbers are whole), so canonical form cannot fail. */
  return cd_canonical_json (node, NULL);
}

static gboolean
audit (CdDatabase  *db,
       gint64       user_id,
       gint64       document_id,
       const char  *kind,
       const char  *personal_id,
       gint64       claim_id,
       const char  *sha256,
       const char  *scan_sha256,
       const char  *at,
       GError     **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *after = NULL;
  CdAuditEntry entry = { 0 };

  json_object_set_string_member (object, "kind", kind);
  json_object_set_string_member (object, "personal_id", personal_id);
  if (claim_id > 0)
    json_object_set_int_member (object, "claim_id", claim_id);
  json_object_set_string_member (object, "sha256", sha256);
  if (scan_sha256 != NULL)
    json_object_set_string_member (object, "scan_sha256", scan_sha256);
  json_object_set_string_member (object, "paper_state", "unverified");
  json_node_set_object (node, object);
  after = json_to_string (node, FALSE);

  entry.at = at;
  entry.user_id = user_id;
  entry.action = "paper.record";
  entry.entity = "document";
  entry.entity_id = document_id;
  entry.after = after;
  return cd_audit_log_append (db, &entry, error);
}

gint64
cd_paper_document_save (CdDatabase          *db,
                        CdSession           *session,
                        const CdPaperEntry  *entry,
                        GDateTime           *now,
                        GPtrArray          **invalid,
                        GError             **error)
{
  g_autoptr(GPtrArray) local_invalid = NULL;
  g_autoptr(JsonNode) fields = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *at = NULL;
  g_autofree char *scan_sha256 = NULL;
  g_autofree char *fields_text = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *sha256 = NULL;
  GError *local_error = NULL;
  gint64 person_id = 0, scan_id = 0, id;
  CdRole role;

  g_return_val_if_fail (CD_IS_DATABASE (db), 0);
  g_return_val_if_fail (entry != NULL && entry->values != NULL, 0);

  if (invalid != NULL)
    *invalid = NULL;
  if (session == NULL || !CD_IS_SESSION (session) || cd_session_get_locked (session)
      || cd_session_get_must_change_password (session))
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_NOT_ALLOWED,
                   _("Sign in to record a paper document"));
      return 0;
    }
  role = cd_session_get_role (session);
  if ((CD_ROLES_WORKING & CD_ROLE_BIT (role)) == 0)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_NOT_ALLOWED,
                   _("%s is an administrator: only officers and supervisors record evidence"),
                   cd_session_get_login (session));
      return 0;
    }
  if (cd_paper_kind_find (entry->kind) == NULL)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_UNKNOWN_KIND,
                   _("Not a kind of paper document: %s"), entry->kind != NULL ? entry->kind : "");
      return 0;
    }

  fields = cd_paper_document_validate (entry->kind, entry->values, &local_invalid);
  if (fields == NULL)
    {
      GString *reasons = g_string_new (NULL);

      for (guint i = 0; i < local_invalid->len; i++)
        {
          CdPaperInvalid *bad = g_ptr_array_index (local_invalid, i);

          g_string_append_printf (reasons, "%s%s: %s", i > 0 ? "; " : "", bad->field,
                                  bad->reason);
        }
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_INVALID,
                   _("The paper document has invalid fields: %s"), reasons->str);
      g_string_free (reasons, TRUE);
      if (invalid != NULL)
        *invalid = g_steal_pointer (&local_invalid);
      return 0;
    }

  if (entry->scan != NULL)
    {
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (entry->scan, &length);

      if (!cd_paper_scan_check (entry->scan, entry->scan_file_name != NULL ? entry->scan_file_name
                                                                   : _("(unnamed)"), error))
        return 0;
      scan_sha256 = cd_sha256_hex (data, length);
    }

  when = now != NULL ? g_date_time_to_utc (now) : g_date_time_new_now_utc ();
  at = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
  fields_text = cd_canonical_json (fields, NULL);
  raw = build_raw (entry->kind, fields, cd_session_get_login (session), at, scan_sha256);
  sha256 = cd_sha256_hex (raw, strlen (raw));

  if (!cd_database_begin_immediate (db, &local_error))
    {
      failed (error, local_error);
      return 0;
    }

  if (!cd_persons_find_by_personal_id (db, entry->personal_id, &person_id, error))
    goto rollback;
  if (person_id == 0)
    {
      g_set_error (error, CD_PAPER_ERROR, CD_PAPER_ERROR_UNKNOWN_PERSON,
                   _("Nobody with personal ID %s is known to this office: fetch their records or "
                     "open their claim first"), entry->personal_id);
      goto rollback;
    }
  if (entry->claim_id > 0
      && !check_claim (db, entry->claim_id, person_id, entry->personal_id, error))
    goto rollback;
  if (entry->scan != NULL)
    {
      scan_id = store_scan (db, entry->scan, scan_sha256, entry->scan_file_name, at, error);
      if (scan_id == 0)
        goto rollback;
    }
  id = insert_document (db, entry->claim_id, person_id, entry->kind, at, raw, sha256, fields_text,
                        cd_session_get_user_id (session), scan_id, error);
  if (id == 0)
    goto rollback;
  if (!audit (db, cd_session_get_user_id (session), id, entry->kind, entry->personal_id,
              entry->claim_id, sha256, scan_sha256, at, error))
    goto rollback;
  if (!cd_database_commit (db, &local_error))
    {
      failed (error, local_error);
      goto rollback;
    }
  return id;

rollback:
  cd_database_rollback (db);
  return 0;
}

/* --- Saving off the main loop ----------------------------------------------------------------- */

typedef struct
{
  CdSession  *session;
  char       *kind;
  char       *personal_id;
  GHashTable *values;
  gint64      claim_id;
  GBytes     *scan;
  char       *scan_file_name;
  GPtrArray  *invalid;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->session);
  g_free (job->kind);
  g_free (job->personal_id);
  g_clear_pointer (&job->values, g_hash_table_unref);
  g_clear_pointer (&job->scan, g_bytes_unref);
  g_free (job->scan_file_name);
  g_clear_pointer (&job->invalid, g_ptr_array_unref);
  g_free (job);
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SaveJob *job = task_data;
  CdPaperEntry entry = { job->kind, job->personal_id, job->values, job->claim_id, job->scan,
                         job->scan_file_name };
  GError *error = NULL;
  gint64 id;

  id = cd_paper_document_save (CD_DATABASE (source_object), job->session, &entry, NULL,
                               &job->invalid, &error);
  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) id);
}

void
cd_paper_document_save_async (CdDatabase          *writer,
                              CdSession           *session,
                              const CdPaperEntry  *entry,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (entry != NULL && entry->values != NULL);

  job = g_new0 (SaveJob, 1);
  job->session = session != NULL ? g_object_ref (session) : NULL;
  job->kind = g_strdup (entry->kind);
  job->personal_id = g_strdup (entry->personal_id);
  job->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, entry->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (job->values, g_strdup (key), g_strdup (value));
  job->claim_id = entry->claim_id;
  job->scan = entry->scan != NULL ? g_bytes_ref (entry->scan) : NULL;
  job->scan_file_name = g_strdup (entry->scan_file_name);

  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_paper_document_save_async);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  cd_database_run_in_thread (writer, task, save_in_thread);
}

gint64
cd_paper_document_save_finish (GAsyncResult  *result,
                               GPtrArray    **invalid,
                               GError       **error)
{
  GTask *task;
  SaveJob *job;
  gssize id;

  g_return_val_if_fail (G_IS_TASK (result), 0);

  task = G_TASK (result);
  job = g_task_get_task_data (task);

  if (invalid != NULL)
    *invalid = job != NULL && job->invalid != NULL ? g_ptr_array_ref (job->invalid) : NULL;
  id = g_task_propagate_int (task, error);
  /* g_task_propagate_int gives -1 with an error; the blocking call's 0 means the same. */
  return id > 0 ? (gint64) id : 0;
}

/* --- Reading ---------------------------------------------------------------------------------- */

void
cd_paper_document_free (CdPaperDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->kind);
  g_free (document->paper_state);
  g_free (document->paper_checked_at);
  g_free (document->entered_by);
  g_free (document->entered_by_login);
  g_free (document->entered_at);
  g_free (document->sha256);
  g_free (document->scan_sha256);
  g_free (document->scan_media_type);
  g_clear_pointer (&document->fields, json_node_unref);
  g_free (document);
}

GPtrArray *
cd_paper_documents_list (CdDatabase  *db,
                         const char  *personal_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cd_paper_document_free);
  g_autoptr(CdStatement) stmt = NULL;
  GError *local_error = NULL;
  CdStep step = CD_STEP_FAILED;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (personal_id != NULL, NULL);

  stmt = cd_database_prepare (db,
                              "SELECT d.id, d.kind, d.paper_state, d.paper_checked_at, u.full_name,"
                              " u.login, d.fetched_at, d.claim_id, d.sha256, s.sha256,"
                              " s.media_type, d.fields"
                              " FROM documents d JOIN persons p ON p.id = d.person_id"
                              " LEFT JOIN users u ON u.id = d.entered_by"
                              " LEFT JOIN scans s ON s.id = d.scan_id"
                              " WHERE p.personal_id = ?1 AND d.source_system = 'manual'"
                              " ORDER BY d.fetched_at, d.id", &local_error);
  if (stmt != NULL)
    cd_statement_bind_text (stmt, 1, personal_id);
  while (stmt != NULL && (step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      CdPaperDocument *d = g_new0 (CdPaperDocument, 1);
      const char *fields = cd_statement_get_text (stmt, 11);

      d->id = cd_statement_get_int64 (stmt, 0);
      d->kind = cd_statement_dup_text (stmt, 1);
      d->paper_state = cd_statement_dup_text (stmt, 2);
      d->paper_checked_at = cd_statement_dup_text (stmt, 3);
      d->entered_by = cd_statement_dup_text (stmt, 4);
      d->entered_by_login = cd_statement_dup_text (stmt, 5);
      d->entered_at = cd_statement_dup_text (stmt, 6);
      d->claim_id = cd_statement_get_int64 (stmt, 7);
      d->sha256 = cd_statement_dup_text (stmt, 8);
      d->scan_sha256 = cd_statement_dup_text (stmt, 9);
      d->scan_media_type = cd_statement_dup_text (stmt, 10);
      d->fields = fields != NULL ? json_from_string (fields, NULL) : NULL;
      g_ptr_array_add (out, d);
    }
  if (step == CD_STEP_FAILED)
    {
      g_propagate_prefixed_error (error, local_error, _("Reading the paper documents of %s: "),
                                  personal_id);
      return NULL;
    }
  return g_steal_pointer (&out);
}

char *
cd_paper_describe_provenance (const char *entered_by,
                              const char *entered_at)
{
  g_autoptr(GDateTime) utc = entered_at != NULL ? g_date_time_new_from_iso8601 (entered_at, NULL)
                                                : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *time = local != NULL ? g_date_time_format (local, "%d/%m/%Y %H:%M")
                                        : g_strdup (entered_at != NULL ? entered_at : "?");

  /* TRANSLATORS: "Paper, entered by Nguyễn Văn An at 06/12/2026 09:15" */
  return g_strdup_printf (_("Paper, entered by %s at %s"),
                          entered_by != NULL ? entered_by : _("an unknown user"), time);
}

const char *
cd_paper_state_describe (const char *paper_state)
{
  if (g_strcmp0 (paper_state, "verified") == 0)
    return _("verified");
  if (g_strcmp0 (paper_state, "mismatch") == 0)
    return _("does not match");
  if (g_strcmp0 (paper_state, "not_found") == 0)
    return _("no electronic record");
  return _("not yet verified");
}
