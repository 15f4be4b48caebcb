/* cd-employer-list.c — the I-VAN envelope, the M01B-HSB body and the layout that maps its columns.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-base64.h"
#include "cd-claim-types.h"
#include "cd-data-dir.h"
#include "cd-document-error.h"
#include "cd-employer-list.h"
#include "cd-identifiers.h"
#include "cd-json-util.h"
#include "cd-xml-safe.h"

/* ---- the layout ---- */

typedef enum
{
  COLUMN_ROW_NUMBER,
  COLUMN_TEXT,
  COLUMN_SI_CODE,
  COLUMN_DATE,
  COLUMN_MONTHS_DAYS,
  COLUMN_ACCOUNT,
  COLUMN_CASE_DATA,
  COLUMN_NOTES,
  COLUMN_BATCH_DATE,
} ColumnType;

static const char *const column_type_names[] = {
  "row_number", "text", "si_code", "date", "months_days", "account", "case_data", "notes",
  "batch_date",
};

typedef struct
{
  char       *column;
  char       *field;
  ColumnType  type;
  gboolean    required;
} LayoutColumn;

typedef struct
{
  char  *benefit;
  char  *case_code;
  GStrv  column_d;  /* what column D holds, in order: "disease" or date field names */
} LayoutSection;

struct _CdEmployerListLayout
{
  char       *path;
  char       *form;
  char       *root;
  GHashTable *header;    /* our name → element name */
  GHashTable *dossiers;  /* code → GStrv of section groups */
  GHashTable *sections;  /* code → LayoutSection */
  GPtrArray  *parts[2];  /* LayoutColumn */
};

static void
layout_column_free (gpointer data)
{
  LayoutColumn *column = data;

  g_free (column->column);
  g_free (column->field);
  g_free (column);
}

static void
layout_section_free (gpointer data)
{
  LayoutSection *section = data;

  g_free (section->benefit);
  g_free (section->case_code);
  g_strfreev (section->column_d);
  g_free (section);
}

void
cd_employer_list_layout_free (CdEmployerListLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->path);
  g_free (layout->form);
  g_free (layout->root);
  g_clear_pointer (&layout->header, g_hash_table_unref);
  g_clear_pointer (&layout->dossiers, g_hash_table_unref);
  g_clear_pointer (&layout->sections, g_hash_table_unref);
  g_clear_pointer (&layout->parts[0], g_ptr_array_unref);
  g_clear_pointer (&layout->parts[1], g_ptr_array_unref);
  g_free (layout);
}

const char *
cd_employer_list_layout_get_form (CdEmployerListLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  return layout->form;
}

static gboolean
layout_fail (GError     **error,
             const char  *path,
             const char  *what)
{
  g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
               _("%s: not a list layout: %s"), path, what);
  return FALSE;
}

static gpointer
layout_fail_null (GError     **error,
                  const char  *path,
                  const char  *what)
{
  layout_fail (error, path, what);
  return NULL;
}

static GStrv
string_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *text = json_node_get_string (json_array_get_element (array, i));

      if (text != NULL)
        g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

static gboolean
load_columns (CdEmployerListLayout  *layout,
              JsonObject            *root,
              const char            *member,
              GPtrArray             *out,
              GError               **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return layout_fail (error, layout->path, member);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *column = object != NULL ? json_object_get_string_member_with_default (object,
                                                                                        "column",
                                                                                        NULL)
                                          : NULL;
      const char *field = object != NULL ? json_object_get_string_member_with_default (object,
                                                                                       "field",
                                                                                       NULL)
                                         : NULL;
      const char *type = object != NULL ? json_object_get_string_member_with_default (object,
                                                                                      "type", NULL)
                                        : NULL;
      LayoutColumn *entry;
      guint t;

      if (column == NULL || field == NULL || type == NULL)
        return layout_fail (error, layout->path, member);
      for (t = 0; t < G_N_ELEMENTS (column_type_names); t++)
        if (g_strcmp0 (type, column_type_names[t]) == 0)
          break;
      if (t == G_N_ELEMENTS (column_type_names))
        return layout_fail (error, layout->path, type);
      entry = g_new0 (LayoutColumn, 1);
      entry->column = g_strdup (column);
      entry->field = g_strdup (field);
      entry->type = (ColumnType) t;
      entry->required = json_object_get_boolean_member_with_default (object, "required", FALSE);
      g_ptr_array_add (out, entry);
    }
  return TRUE;
}

CdEmployerListLayout *
cd_employer_list_layout_load (const char  *path,
                              GError     **error)
{
  g_autoptr(CdEmployerListLayout) layout = g_new0 (CdEmployerListLayout, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root, *header, *dossiers, *sections;
  JsonNode *node;
  GList *members;

  g_return_val_if_fail (path != NULL, NULL);

  layout->path = g_strdup (path);
  layout->header = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  layout->dossiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_strfreev);
  layout->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, layout_section_free);
  layout->parts[0] = g_ptr_array_new_with_free_func (layout_column_free);
  layout->parts[1] = g_ptr_array_new_with_free_func (layout_column_free);

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_IO,
                   _("Cannot read the list layout %s: %s"), path, local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return layout_fail_null (error, path, "not an object");
  root = json_node_get_object (node);
  layout->form = g_strdup (json_object_get_string_member_with_default (root, "form", NULL));
  layout->root = g_strdup (json_object_get_string_member_with_default (root, "root", NULL));
  if (layout->form == NULL || layout->root == NULL)
    return layout_fail_null (error, path, "form, root");

  header = cd_json_member_object (root, "header");
  dossiers = cd_json_member_object (root, "dossiers");
  sections = cd_json_member_object (root, "sections");
  if (header == NULL || dossiers == NULL || sections == NULL)
    return layout_fail_null (error, path, "header, dossiers, sections");

  members = json_object_get_members (header);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = json_object_get_string_member_with_default (header, l->data, NULL);

      if (value != NULL)
        g_hash_table_insert (layout->header, g_strdup (l->data), g_strdup (value));
    }
  g_list_free (members);
  if (!g_hash_table_contains (layout->header, "element"))
    return layout_fail_null (error, path, "header.element");

  members = json_object_get_members (dossiers);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *dossier = cd_json_member_object (dossiers, l->data);
      JsonArray *groups = dossier != NULL ? cd_json_member_array (dossier, "groups") : NULL;

      g_hash_table_insert (layout->dossiers, g_strdup (l->data), string_array (groups));
    }
  g_list_free (members);

  members = json_object_get_members (sections);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *object = cd_json_member_object (sections, l->data);
      LayoutSection *section;
      CdBenefit benefit;
      const char *name = object != NULL ? json_object_get_string_member_with_default (object,
                                                                                      "benefit",
                                                                                      NULL)
                                        : NULL;

      if (name == NULL || !cd_benefit_from_string (name, &benefit))
        {
          g_list_free (members);
          return layout_fail_null (error, path, l->data);
        }
      section = g_new0 (LayoutSection, 1);
      section->benefit = g_strdup (name);
      section->case_code = g_strdup (json_object_get_string_member_with_default (object, "case",
                                                                                 NULL));
      section->column_d = string_array (cd_json_member_array (object, "column_d"));
      g_hash_table_insert (layout->sections, g_strdup (l->data), section);
    }
  g_list_free (members);

  if (!load_columns (layout, root, "part1", layout->parts[0], error)
      || !load_columns (layout, root, "part2", layout->parts[1], error))
    return NULL;
  return g_steal_pointer (&layout);
}

CdEmployerListLayout *
cd_employer_list_layout_get_default (GError **error)
{
  static GMutex lock;
  static CdEmployerListLayout *shipped;
  CdEmployerListLayout *layout;

  g_mutex_lock (&lock);
  if (shipped == NULL)
    {
      g_autofree char *path = cd_data_dir_build ("lists", "01b-hsb.json", NULL);

      shipped = cd_employer_list_layout_load (path, error);
    }
  layout = shipped;
  g_mutex_unlock (&lock);
  return layout;
}

/* ---- rows ---- */

static void
problem_free (gpointer data)
{
  CdEmployerListProblem *problem = data;

  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

static void
row_free (gpointer data)
{
  CdEmployerListRow *row = data;

  g_free (row->section);
  g_free (row->benefit);
  g_free (row->case_code);
  g_free (row->name);
  g_free (row->si_code);
  g_free (row->from);
  g_free (row->to);
  g_clear_pointer (&row->fields, json_object_unref);
  g_clear_pointer (&row->cells, json_object_unref);
  g_clear_pointer (&row->problems, g_ptr_array_unref);
  g_free (row);
}

const char *
cd_employer_list_part_to_string (CdEmployerListPart part)
{
  return part == CD_EMPLOYER_LIST_PART_ADJUSTMENT ? "adjustment" : "new";
}

static void add_problem (CdEmployerListRow *row,
                         const char        *column,
                         const char        *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* The message starts "Part P row N, column C:" so that it stands alone in a log or a list. */
static void
add_problem (CdEmployerListRow *row,
             const char        *column,
             const char        *format,
             ...)
{
  CdEmployerListProblem *problem = g_new0 (CdEmployerListProblem, 1);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  problem->column = g_strdup (column);
  if (g_strcmp0 (column, "section") == 0)
    problem->message = g_strdup_printf (_("Part %u row %u: %s"), (guint) row->part,
                                        row->position, what);
  else
    problem->message = g_strdup_printf (_("Part %u row %u, column %s: %s"), (guint) row->part,
                                        row->position, column, what);
  g_ptr_array_add (row->problems, problem);
}

static gboolean
parse_uint (const char *text,
            guint       max,
            guint      *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static char *
parse_date (const char *text)
{
  CdPartialDate date;

  if (!cd_date_parse_dmy (text, &date, NULL))
    return NULL;
  return cd_partial_date_to_iso (&date);
}

/* "Weekly rest days" as the form writes them: T2 … T7, CN. */
static const char *
weekday_name (const char *token)
{
  static const char *const names[] = { "mon", "tue", "wed", "thu", "fri", "sat" };

  if (g_ascii_strcasecmp (token, "CN") == 0)
    return "sun";
  if ((token[0] == 'T' || token[0] == 't') && token[1] >= '2' && token[1] <= '7'
      && token[2] == '\0')
    return names[token[1] - '2'];
  return NULL;
}

static JsonArray *
parse_weekly_rest (const char *item)
{
  g_auto(GStrv) tokens = g_strsplit (item, ",", 8);
  g_autoptr(JsonArray) days = json_array_new ();

  if (g_strv_length (tokens) > 7)
    return NULL;
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *name = weekday_name (g_strstrip (tokens[i]));

      if (name == NULL)
        return NULL;
      json_array_add_string_element (days, name);
    }
  return g_steal_pointer (&days);
}

static void
read_notes (CdEmployerListRow *row,
            const char        *column,
            const char        *text,
            JsonObject        *notes)
{
  g_auto(GStrv) items = g_strsplit (text, ";", 16);
  JsonArray *other = json_array_new ();

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      JsonArray *days;

      if (item[0] == '\0')
        continue;
      if (g_ascii_strncasecmp (item, "PCKV", 4) == 0)
        {
          /* "PCKV 0,7": the regional allowance coefficient, written with a decimal comma. */
          g_autofree char *value = g_strstrip (g_strdup (item + 4));
          char *end = NULL;
          double coefficient;

          g_strdelimit (value, ",", '.');
          coefficient = g_ascii_strtod (value, &end);
          if (value[0] == '\0' || end == NULL || *end != '\0' || coefficient < 0.1
              || coefficient > 1.0)
            add_problem (row, column, _("“%s” is not a regional allowance like “PCKV 0,7”"), item);
          else
            json_object_set_double_member (notes, "regional_allowance", coefficient);
        }
      else if ((days = parse_weekly_rest (item)) != NULL)
        json_object_set_array_member (notes, "weekly_rest", days);
      else if (cd_identifier_check_health_card (item, NULL))
        json_object_set_string_member (notes, "health_card", item);
      else if (g_ascii_strncasecmp (item, "SC", 2) == 0 && g_ascii_isspace (item[2]))
        {
          g_autofree char *count = g_strstrip (g_strdup (item + 3));
          guint children;

          if (!parse_uint (count, 20, &children) || children == 0)
            add_problem (row, column, _("“%s” is not a number of children like “SC 2”"), item);
          else
            json_object_set_int_member (notes, "children", children);
        }
      else
        json_array_add_string_element (other, item);
    }
  json_object_set_array_member (notes, "other", other);
}

static void
read_case_data (CdEmployerListRow   *row,
                const LayoutSection *section,
                const char          *column,
                const char          *text,
                JsonObject          *data)
{
  g_auto(GStrv) parts = NULL;
  guint n_kinds;

  if (section == NULL)
    return;  /* the section's problem is told once, on the section */
  n_kinds = g_strv_length (section->column_d);
  if (n_kinds == 0)
    return;  /* nothing is expected; the raw cell is kept */
  parts = g_strsplit (text, ";", n_kinds + 1);
  if (g_strv_length (parts) != n_kinds)
    {
      add_problem (row, column, _("expected %u values separated by “;”, found “%s”"), n_kinds,
                   text);
      return;
    }
  for (guint i = 0; i < n_kinds; i++)
    {
      const char *kind = section->column_d[i];
      char *value = g_strstrip (parts[i]);

      if (g_str_equal (kind, "disease"))
        {
          if (cd_identifier_check_icd10 (value, NULL))
            json_object_set_string_member (data, "disease_code", value);
          else if (value[0] != '\0')
            json_object_set_string_member (data, "disease_name", value);
        }
      else
        {
          g_autofree char *iso = parse_date (value);

          if (iso == NULL)
            add_problem (row, column, _("“%s” is not a date dd/MM/yyyy"), value);
          else
            json_object_set_string_member (data, kind, iso);
        }
    }
}

static void
read_cell (CdEmployerListRow   *row,
           const LayoutColumn  *spec,
           const LayoutSection *section,
           const char          *text)
{
  const char *column = spec->column;

  switch (spec->type)
    {
    case COLUMN_ROW_NUMBER:
      if (!parse_uint (text, 99999, &row->number) || row->number == 0)
        add_problem (row, column, _("“%s” is not a row number"), text);
      else
        json_object_set_int_member (row->fields, spec->field, row->number);
      break;
    case COLUMN_TEXT:
      json_object_set_string_member (row->fields, spec->field, text);
      if (g_str_equal (spec->field, "name"))
        row->name = g_strdup (text);
      break;
    case COLUMN_SI_CODE:
      {
        g_autoptr(GError) error = NULL;

        if (!cd_identifier_check_si_code (text, &error))
          add_problem (row, column, "%s", error->message);
        else
          {
            json_object_set_string_member (row->fields, spec->field, text);
            row->si_code = g_strdup (text);
          }
      }
      break;
    case COLUMN_DATE:
      {
        char *iso = parse_date (text);

        if (iso == NULL)
          {
            add_problem (row, column, _("“%s” is not a date dd/MM/yyyy"), text);
            break;
          }
        json_object_set_string_member (row->fields, spec->field, iso);
        if (g_str_equal (spec->field, "from"))
          g_free (g_steal_pointer (&row->from)), row->from = iso;
        else if (g_str_equal (spec->field, "to"))
          g_free (g_steal_pointer (&row->to)), row->to = iso;
        else
          g_free (iso);
      }
      break;
    case COLUMN_MONTHS_DAYS:
      {
        /* Under a month the number of days; over a month "months-days", e.g. "1-10". */
        g_auto(GStrv) parts = g_strsplit (text, "-", 3);
        guint months = 0, days = 0;
        gboolean ok;
        JsonObject *total;

        if (g_strv_length (parts) == 2)
          ok = parse_uint (g_strstrip (parts[0]), 12, &months)
               && parse_uint (g_strstrip (parts[1]), 30, &days);
        else
          ok = g_strv_length (parts) == 1 && parse_uint (g_strstrip (parts[0]), 366, &days);
        if (!ok)
          {
            add_problem (row, column, _("“%s” is not a number of days or “months-days”"), text);
            break;
          }
        total = json_object_new ();
        json_object_set_int_member (total, "months", months);
        json_object_set_int_member (total, "days", days);
        json_object_set_object_member (row->fields, spec->field, total);
      }
      break;
    case COLUMN_ACCOUNT:
      {
        /* "account, bank, branch"; an empty cell means the unit is paid for the employee. */
        g_auto(GStrv) parts = g_strsplit (text, ",", 4);
        guint n = g_strv_length (parts);
        JsonObject *payment;
        const char *account;

        if (n == 0 || n > 3)
          {
            add_problem (row, column, _("expected “account, bank, branch”, found “%s”"), text);
            break;
          }
        account = g_strstrip (parts[0]);
        if (strlen (account) < 6 || strlen (account) > 20
            || strspn (account, "0123456789") != strlen (account))
          {
            add_problem (row, column, _("“%s” is not an account number (6 to 20 digits)"), account);
            break;
          }
        payment = json_object_new ();
        json_object_set_string_member (payment, "account", account);
        if (n > 1)
          json_object_set_string_member (payment, "bank", g_strstrip (parts[1]));
        if (n > 2)
          json_object_set_string_member (payment, "branch", g_strstrip (parts[2]));
        json_object_set_object_member (row->fields, spec->field, payment);
      }
      break;
    case COLUMN_CASE_DATA:
      {
        JsonObject *data = json_object_new ();

        read_case_data (row, section, column, text, data);
        json_object_set_object_member (row->fields, spec->field, data);
      }
      break;
    case COLUMN_NOTES:
      {
        JsonObject *notes = json_object_new ();

        read_notes (row, column, text, notes);
        json_object_set_object_member (row->fields, spec->field, notes);
      }
      break;
    case COLUMN_BATCH_DATE:
      {
        /* The earlier decision list: batch/month/year, e.g. "3/02/2020". */
        g_auto(GStrv) parts = g_strsplit (text, "/", 4);
        guint batch, month, year;
        JsonObject *earlier;

        if (g_strv_length (parts) != 3 || !parse_uint (parts[0], 999, &batch) || batch == 0
            || !parse_uint (parts[1], 12, &month) || month == 0
            || !parse_uint (parts[2], 2100, &year) || year < 2000)
          {
            add_problem (row, column, _("“%s” is not batch/month/year like “3/02/2020”"), text);
            break;
          }
        earlier = json_object_new ();
        json_object_set_int_member (earlier, "batch", batch);
        json_object_set_int_member (earlier, "month", month);
        json_object_set_int_member (earlier, "year", year);
        json_object_set_object_member (row->fields, spec->field, earlier);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static const LayoutColumn *
find_column (GPtrArray  *columns,
             const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    {
      const LayoutColumn *spec = g_ptr_array_index (columns, i);

      if (g_str_equal (spec->column, name))
        return spec;
    }
  return NULL;
}

static gboolean
section_in_dossier (CdEmployerListLayout *layout,
                    const char           *dossier,
                    const char           *section)
{
  GStrv groups = g_hash_table_lookup (layout->dossiers, dossier);
  g_autofree char *group = g_strndup (section, strcspn (section, "."));

  return groups != NULL && g_strv_contains ((const char * const *) groups, group);
}

static CdEmployerListRow *
read_row (CdEmployerListLayout *layout,
          CdEmployerList       *list,
          xmlNodePtr            dong,
          CdEmployerListPart    part,
          guint                 position,
          const char           *section_code)
{
  CdEmployerListRow *row = g_new0 (CdEmployerListRow, 1);
  GPtrArray *columns = layout->parts[part - 1];
  const LayoutSection *section = NULL;

  row->part = part;
  row->position = position;
  row->fields = json_object_new ();
  row->cells = json_object_new ();
  row->problems = g_ptr_array_new_with_free_func (problem_free);

  if (part == CD_EMPLOYER_LIST_PART_NEW)
    {
      row->section = g_strdup (section_code);
      section = section_code != NULL ? g_hash_table_lookup (layout->sections, section_code) : NULL;
      if (section == NULL)
        add_problem (row, "section", _("“%s” is not a section of form %s"),
                     section_code != NULL ? section_code : "", layout->form);
      else
        {
          row->benefit = g_strdup (section->benefit);
          row->case_code = g_strdup (section->case_code);
          if (!section_in_dossier (layout, list->dossier_code, section_code))
            add_problem (row, "section",
                         _("section %s does not belong to dossier %s"), section_code,
                         list->dossier_code);
        }
    }

  /* The raw cells first, so that every text is kept whatever its column says. */
  for (xmlNodePtr cell = cd_xml_first_child_element (dong); cell != NULL;
       cell = cd_xml_next_element (cell))
    {
      g_autofree char *column = NULL;
      g_autofree char *text = NULL;

      if (!cd_xml_node_is (cell, "O"))
        continue;
      column = cd_xml_attribute_text (cell, "Cot");
      if (column == NULL)
        column = g_strdup ("");
      text = cd_xml_node_text (cell);
      if (text == NULL)
        {
          add_problem (row, column, _("the cell holds elements, not text"));
          continue;
        }
      g_strstrip (text);
      if (strlen (text) > CD_EMPLOYER_LIST_MAX_CELL)
        {
          add_problem (row, column, _("the cell is longer than %u bytes"),
                       CD_EMPLOYER_LIST_MAX_CELL);
          continue;
        }
      if (find_column (columns, column) == NULL)
        {
          add_problem (row, column, _("the form has no such column"));
          continue;
        }
      if (json_object_has_member (row->cells, column))
        {
          add_problem (row, column, _("the column appears twice"));
          continue;
        }
      json_object_set_string_member (row->cells, column, text);
    }

  for (guint i = 0; i < columns->len; i++)
    {
      const LayoutColumn *spec = g_ptr_array_index (columns, i);
      const char *text = json_object_get_string_member_with_default (row->cells, spec->column,
                                                                     NULL);

      if (text == NULL || text[0] == '\0')
        {
          if (spec->required)
            add_problem (row, spec->column, _("the cell is empty"));
          continue;
        }
      read_cell (row, spec, section, text);
    }

  if (row->from != NULL && row->to != NULL && strcmp (row->from, row->to) > 0)
    add_problem (row, "3", _("the period ends (%s) before it starts (%s)"), row->to, row->from);
  return row;
}

/* The same person, section and period twice in Part 1: the second is the duplicate. */
static void
check_duplicates (CdEmployerList *list)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < list->rows->len; i++)
    {
      CdEmployerListRow *row = g_ptr_array_index (list->rows, i);
      CdEmployerListRow *first;
      char *key;

      if (row->part != CD_EMPLOYER_LIST_PART_NEW || row->si_code == NULL || row->from == NULL
          || row->to == NULL)
        continue;
      key = g_strjoin ("|", row->si_code, row->section != NULL ? row->section : "", row->from,
                       row->to, NULL);
      first = g_hash_table_lookup (seen, key);
      if (first != NULL)
        {
          add_problem (row, "1", _("the same person and period as row %u"), first->position);
          g_free (key);
        }
      else
        g_hash_table_insert (seen, key, row);
    }
}

/* ---- the envelope ---- */

static char *
child_text (xmlNodePtr  parent,
            const char *name)
{
  xmlNodePtr node = parent != NULL ? cd_xml_find_child (parent, name) : NULL;
  char *text = node != NULL ? cd_xml_node_text (node) : NULL;

  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void set_error_va (GError          **error,
                          CdDocumentError   code,
                          const char       *format,
                          va_list           args) G_GNUC_PRINTF (3, 0);

static void
set_error_va (GError          **error,
              CdDocumentError   code,
              const char       *format,
              va_list           args)
{
  if (error != NULL)
    *error = g_error_new_valist (CD_DOCUMENT_ERROR, code, format, args);
}

/* The list's refusals, in a function that answers a gboolean… */
static gboolean fail (GError          **error,
                      CdDocumentError   code,
                      const char       *format,
                      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError          **error,
      CdDocumentError   code,
      const char       *format,
      ...)
{
  va_list args;

  va_start (args, format);
  set_error_va (error, code, format, args);
  va_end (args);
  return FALSE;
}

/* … and in one that answers a pointer. */
static gpointer refuse (GError          **error,
                        CdDocumentError   code,
                        const char       *format,
                        ...) G_GNUC_PRINTF (3, 4);

static gpointer
refuse (GError          **error,
        CdDocumentError   code,
        const char       *format,
        ...)
{
  va_list args;

  va_start (args, format);
  set_error_va (error, code, format, args);
  va_end (args);
  return NULL;
}

static gboolean
check_unit_code (const char *code)
{
  gsize length = strlen (code);

  if (length < 2 || length > 20)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (code[i]))
      return FALSE;
  return TRUE;
}

static gboolean
read_part (CdEmployerListLayout  *layout,
           CdEmployerList        *list,
           xmlNodePtr             part_node,
           CdEmployerListPart     part,
           GError               **error)
{
  guint position = 0;

  for (xmlNodePtr child = cd_xml_first_child_element (part_node); child != NULL;
       child = cd_xml_next_element (child))
    {
      g_autofree char *section = NULL;
      xmlNodePtr first_row = child;
      gboolean grouped = part == CD_EMPLOYER_LIST_PART_NEW && cd_xml_node_is (child, "Nhom");

      if (grouped)
        {
          section = cd_xml_attribute_text (child, "Ma");
          if (section == NULL)
            section = g_strdup ("");
          first_row = cd_xml_first_child_element (child);
        }
      for (xmlNodePtr dong = first_row; dong != NULL; dong = cd_xml_next_element (dong))
        {
          if (cd_xml_node_is (dong, "Dong"))
            {
              if (list->rows->len >= CD_EMPLOYER_LIST_MAX_ROWS)
                return fail (error, CD_DOCUMENT_ERROR_TOO_MANY_NODES,
                             _("%s: the list has more than %u rows"), list->source,
                             CD_EMPLOYER_LIST_MAX_ROWS);
              g_ptr_array_add (list->rows,
                               read_row (layout, list, dong, part, ++position, section));
            }
          if (!grouped)
            break;  /* an ungrouped part lists its rows directly */
        }
    }
  return TRUE;
}

static gboolean
read_body (CdEmployerListLayout  *layout,
           CdEmployerList        *list,
           GBytes                *bytes,
           GError               **error)
{
  g_autofree char *inner_source = g_strdup_printf ("%s %s", list->source, layout->form);
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *batch = NULL, *month = NULL, *year = NULL, *code = NULL;
  xmlNodePtr root, header, part;
  GHashTable *names = layout->header;

  doc = cd_xml_safe_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                           inner_source, NULL, error);
  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);
  if (!cd_xml_node_is (root, layout->root))
    return fail (error, CD_DOCUMENT_ERROR_WRONG_ROOT, _("%s: expected %s, found %s"),
                 inner_source, layout->root, root != NULL ? (const char *) root->name : "nothing");

  header = cd_xml_find_child (root, g_hash_table_lookup (names, "element"));
#define HEADER(key) (g_hash_table_lookup (names, key) != NULL                             \
                       ? child_text (header, g_hash_table_lookup (names, key)) : NULL)
  code = HEADER ("unit_code");
  /* A form of another unit inside this unit's signed envelope is not this unit's list. */
  if (code != NULL && g_strcmp0 (code, list->unit_code) != 0)
    return fail (error, CD_DOCUMENT_ERROR_INVALID_FIELD,
                 _("%s: the form is unit %s's, the envelope unit %s's"), inner_source, code,
                 list->unit_code);
  if (list->unit_name == NULL)
    list->unit_name = HEADER ("unit_name");
  if (list->phone == NULL)
    list->phone = HEADER ("phone");
  list->unit_account = HEADER ("account");
  list->unit_bank = HEADER ("bank");
  list->unit_branch = HEADER ("branch");
#undef HEADER
  /* Batch, month and year sit in the header element or directly under the root. */
  batch = child_text (header, g_hash_table_lookup (names, "batch"));
  if (batch == NULL)
    batch = child_text (root, g_hash_table_lookup (names, "batch"));
  month = child_text (header, g_hash_table_lookup (names, "month"));
  if (month == NULL)
    month = child_text (root, g_hash_table_lookup (names, "month"));
  year = child_text (header, g_hash_table_lookup (names, "year"));
  if (year == NULL)
    year = child_text (root, g_hash_table_lookup (names, "year"));
  if ((batch != NULL && !parse_uint (batch, 999, &list->batch))
      || (month != NULL && (!parse_uint (month, 12, &list->month) || list->month == 0))
      || (year != NULL && (!parse_uint (year, 2100, &list->year) || list->year < 2000)))
    return fail (error, CD_DOCUMENT_ERROR_INVALID_FIELD,
                 _("%s: batch “%s”, month “%s”, year “%s” is not a batch of a month"),
                 inner_source, batch != NULL ? batch : "", month != NULL ? month : "",
                 year != NULL ? year : "");

  part = cd_xml_find_child (root, "Phan1");
  if (part != NULL && !read_part (layout, list, part, CD_EMPLOYER_LIST_PART_NEW, error))
    return FALSE;
  part = cd_xml_find_child (root, "Phan2");
  if (part != NULL && !read_part (layout, list, part, CD_EMPLOYER_LIST_PART_ADJUSTMENT, error))
    return FALSE;
  if (list->rows->len == 0)
    return fail (error, CD_DOCUMENT_ERROR_MISSING_FIELD, _("%s: the list has no rows"),
                 inner_source);
  check_duplicates (list);
  return TRUE;
}

void
cd_employer_list_free (CdEmployerList *list)
{
  if (list == NULL)
    return;
  g_free (list->source);
  g_free (list->unit_code);
  g_free (list->unit_name);
  g_free (list->tax_code);
  g_free (list->signer_name);
  g_free (list->phone);
  g_free (list->procedure);
  g_free (list->dossier_code);
  g_free (list->period);
  g_free (list->created);
  g_free (list->unit_account);
  g_free (list->unit_bank);
  g_free (list->unit_branch);
  g_clear_pointer (&list->rows, g_ptr_array_unref);
  g_free (list->signer);
  g_free (list->signature_reason);
  g_free (list);
}

CdEmployerList *
cd_employer_list_parse (CdEmployerListLayout  *layout,
                        CdTrustStore          *store,
                        const char            *data,
                        gsize                  length,
                        const char            *source,
                        GError               **error)
{
  g_autoptr(CdEmployerList) list = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *period = NULL, *created = NULL;
  xmlNodePtr root, content, unit, info, files;
  guint n_forms = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (store == NULL || CD_IS_TRUST_STORE (store), NULL);

  if (source == NULL)
    source = "list";
  if (layout == NULL && (layout = cd_employer_list_layout_get_default (error)) == NULL)
    return NULL;

  doc = cd_xml_safe_parse (data, length, source, NULL, error);
  if (doc == NULL)
    return NULL;
  list = g_new0 (CdEmployerList, 1);
  list->source = g_strdup (source);
  list->rows = g_ptr_array_new_with_free_func (row_free);

  root = xmlDocGetRootElement (doc);
  if (!cd_xml_node_is (root, "Hoso"))
    return refuse (error, CD_DOCUMENT_ERROR_WRONG_ROOT, _("%s: expected a Hoso envelope, found %s"),
                 source, root != NULL ? (const char *) root->name : "nothing");

  /* The signature first, on the document as it arrived. */
  if (store != NULL)
    {
      g_autoptr(CdSignatureResult) result = cd_xmldsig_verify (store, doc);

      list->signature_checked = TRUE;
      list->signature_status = result->status;
      list->signer = g_strdup (result->subject);
      list->signature_reason = g_strdup (result->reason);
    }

  content = cd_xml_find_child (root, "NoiDung");
  unit = content != NULL ? cd_xml_find_child (content, "ThongTinDonVi") : NULL;
  info = content != NULL ? cd_xml_find_child (content, "ThongTinHoSo") : NULL;
  if (unit == NULL || info == NULL)
    return refuse (error, CD_DOCUMENT_ERROR_MISSING_FIELD,
                 _("%s: NoiDung/ThongTinDonVi or NoiDung/ThongTinHoSo is missing"), source);

  list->unit_code = child_text (unit, "MaSoBHXH");
  if (list->unit_code == NULL)
    return refuse (error, CD_DOCUMENT_ERROR_MISSING_FIELD,
                 _("%s: ThongTinDonVi/MaSoBHXH is missing or empty"), source);
  if (!check_unit_code (list->unit_code))
    return refuse (error, CD_DOCUMENT_ERROR_INVALID_FIELD,
                 _("%s: MaSoBHXH “%s” is not a unit code (2 to 20 letters or digits)"), source,
                 list->unit_code);
  list->unit_name = child_text (unit, "TenDoiTuong");
  list->tax_code = child_text (unit, "MaSoThue");
  list->signer_name = child_text (unit, "NguoiKy");
  list->phone = child_text (unit, "DienThoai");

  list->procedure = child_text (info, "TenThuTuc");
  list->dossier_code = child_text (info, "MaThuTuc");
  if (list->dossier_code == NULL)
    return refuse (error, CD_DOCUMENT_ERROR_MISSING_FIELD,
                 _("%s: ThongTinHoSo/MaThuTuc is missing or empty"), source);
  if (!g_hash_table_contains (layout->dossiers, list->dossier_code))
    return refuse (error, CD_DOCUMENT_ERROR_INVALID_FIELD,
                 _("%s: MaThuTuc “%s” is not a dossier code of form %s"), source,
                 list->dossier_code, layout->form);

  period = child_text (info, "KyKeKhai");
  {
    g_autofree char *as_date = period != NULL ? g_strconcat ("01/", period, NULL) : NULL;
    g_autofree char *iso = as_date != NULL ? parse_date (as_date) : NULL;

    if (iso == NULL)
      return refuse (error, CD_DOCUMENT_ERROR_INVALID_FIELD,
                   _("%s: KyKeKhai “%s” is not a period MM/yyyy"), source,
                   period != NULL ? period : "");
    list->period = g_strndup (iso, 7);
  }
  created = child_text (info, "NgayLap");
  if (created != NULL && (list->created = parse_date (created)) == NULL)
    return refuse (error, CD_DOCUMENT_ERROR_INVALID_FIELD,
                 _("%s: NgayLap “%s” is not a date dd/MM/yyyy"), source, created);

  files = cd_xml_find_child (info, "ToKhais");
  for (xmlNodePtr file = cd_xml_first_child_element (files); file != NULL;
       file = cd_xml_next_element (file))
    {
      g_autofree char *form = NULL;
      g_autofree char *content_text = NULL;

      if (!cd_xml_node_is (file, "FileToKhai"))
        continue;
      form = child_text (file, "MaToKhai");
      if (g_strcmp0 (form, layout->form) != 0)
        continue;  /* attachments the list does not need (scans, other forms) */
      if (++n_forms > 1)
        return refuse (error, CD_DOCUMENT_ERROR_INVALID_FIELD,
                     _("%s: the envelope holds more than one %s"), source, layout->form);
      content_text = child_text (file, "NoiDungFile");
      if (content_text == NULL)
        return refuse (error, CD_DOCUMENT_ERROR_MISSING_FIELD,
                     _("%s: the %s NoiDungFile is missing or empty"), source,
                     layout->form);
      body = cd_base64_decode_strict (content_text);
      if (body == NULL)
        return refuse (error, CD_DOCUMENT_ERROR_BAD_BASE64,
                     _("%s: the %s NoiDungFile is not valid base64"), source,
                     layout->form);
    }
  if (body == NULL)
    return refuse (error, CD_DOCUMENT_ERROR_MISSING_FIELD,
                 _("%s: ToKhais holds no FileToKhai %s"), source, layout->form);

  if (!read_body (layout, list, body, error))
    return NULL;
  return g_steal_pointer (&list);
}

guint
cd_employer_list_count_problem_rows (CdEmployerList *list)
{
  guint n = 0;

  g_return_val_if_fail (list != NULL, 0);

  for (guint i = 0; i < list->rows->len; i++)
    {
      CdEmployerListRow *row = g_ptr_array_index (list->rows, i);

      n += row->problems->len > 0;
    }
  return n;
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

JsonNode *
cd_employer_list_row_to_json (const CdEmployerListRow *row)
{
  JsonObject *object = json_object_new ();
  JsonArray *problems = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (row != NULL, NULL);

  json_object_set_int_member (object, "part", row->part);
  json_object_set_int_member (object, "position", row->position);
  json_object_set_int_member (object, "number", row->number);
  set_string_or_null (object, "section", row->section);
  set_string_or_null (object, "benefit", row->benefit);
  set_string_or_null (object, "case", row->case_code);
  json_object_set_object_member (object, "fields", json_object_ref (row->fields));
  json_object_set_object_member (object, "cells", json_object_ref (row->cells));
  for (guint i = 0; i < row->problems->len; i++)
    {
      CdEmployerListProblem *problem = g_ptr_array_index (row->problems, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "column", problem->column);
      json_object_set_string_member (entry, "message", problem->message);
      json_array_add_object_element (problems, entry);
    }
  json_object_set_array_member (object, "problems", problems);
  json_node_take_object (node, object);
  return node;
}

JsonNode *
cd_employer_list_to_json (CdEmployerList *list)
{
  JsonObject *object = json_object_new ();
  JsonArray *rows = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (list != NULL, NULL);

  json_object_set_string_member (object, "unit_code", list->unit_code);
  set_string_or_null (object, "unit_name", list->unit_name);
  set_string_or_null (object, "tax_code", list->tax_code);
  json_object_set_string_member (object, "dossier_code", list->dossier_code);
  json_object_set_string_member (object, "period", list->period);
  set_string_or_null (object, "created", list->created);
  json_object_set_int_member (object, "batch", list->batch);
  set_string_or_null (object, "unit_account", list->unit_account);
  json_object_set_string_member (object, "signature",
                                 list->signature_checked
                                 ? cd_signature_status_to_string (list->signature_status)
                                 : "not_checked");
  set_string_or_null (object, "signer", list->signer);
  for (guint i = 0; i < list->rows->len; i++)
    json_array_add_element (rows, cd_employer_list_row_to_json (g_ptr_array_index (list->rows,
                                                                                   i)));
  json_object_set_array_member (object, "rows", rows);
  json_node_take_object (node, object);
  return node;
}

/* ---- building ---- */

GBytes *
cd_employer_list_build_envelope (const CdEmployerListEnvelope *info,
                                 const char                   *form,
                                 const char                   *body,
                                 gsize                         length)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
  g_autofree char *encoded = NULL;
  g_autofree char *size = NULL;
  g_autofree char *period = NULL;
  g_autofree char *created = NULL;
  xmlNodePtr root, content, unit, record, files, file;
  xmlChar *buffer = NULL;
  int buffer_size = 0;
  GBytes *bytes;

  g_return_val_if_fail (info != NULL && info->unit_code != NULL, NULL);
  g_return_val_if_fail (info->dossier_code != NULL && info->period != NULL, NULL);
  g_return_val_if_fail (form != NULL && (body != NULL || length == 0), NULL);

  root = xmlNewDocNode (doc, NULL, BAD_CAST "Hoso", NULL);
  xmlDocSetRootElement (doc, root);
  content = xmlNewChild (root, NULL, BAD_CAST "NoiDung", NULL);
  unit = xmlNewChild (content, NULL, BAD_CAST "ThongTinDonVi", NULL);
  if (info->unit_name != NULL)
    xmlNewTextChild (unit, NULL, BAD_CAST "TenDoiTuong", BAD_CAST info->unit_name);
  xmlNewTextChild (unit, NULL, BAD_CAST "MaSoBHXH", BAD_CAST info->unit_code);
  if (info->tax_code != NULL)
    xmlNewTextChild (unit, NULL, BAD_CAST "MaSoThue", BAD_CAST info->tax_code);
  if (info->signer_name != NULL)
    xmlNewTextChild (unit, NULL, BAD_CAST "NguoiKy", BAD_CAST info->signer_name);
  if (info->phone != NULL)
    xmlNewTextChild (unit, NULL, BAD_CAST "DienThoai", BAD_CAST info->phone);

  record = xmlNewChild (content, NULL, BAD_CAST "ThongTinHoSo", NULL);
  xmlNewTextChild (record, NULL, BAD_CAST "TenThuTuc",
                   BAD_CAST "Giải quyết hưởng chế độ ốm đau, thai sản, dưỡng sức");
  xmlNewTextChild (record, NULL, BAD_CAST "MaThuTuc", BAD_CAST info->dossier_code);
  /* YYYY-MM → MM/yyyy, YYYY-MM-DD → dd/MM/yyyy, as the envelope writes them. */
  if (strlen (info->period) == 7)
    period = g_strdup_printf ("%.2s/%.4s", info->period + 5, info->period);
  xmlNewTextChild (record, NULL, BAD_CAST "KyKeKhai",
                   BAD_CAST (period != NULL ? period : info->period));
  if (info->created != NULL && strlen (info->created) == 10)
    {
      created = g_strdup_printf ("%.2s/%.2s/%.4s", info->created + 8, info->created + 5,
                                 info->created);
      xmlNewTextChild (record, NULL, BAD_CAST "NgayLap", BAD_CAST created);
    }
  xmlNewTextChild (record, NULL, BAD_CAST "SoLuongFile", BAD_CAST "1");
  files = xmlNewChild (record, NULL, BAD_CAST "ToKhais", NULL);
  file = xmlNewChild (files, NULL, BAD_CAST "FileToKhai", NULL);
  xmlNewTextChild (file, NULL, BAD_CAST "MaToKhai", BAD_CAST form);
  xmlNewTextChild (file, NULL, BAD_CAST "MoTaToKhai",
                   BAD_CAST "Danh sách đề nghị giải quyết hưởng chế độ");
  xmlNewTextChild (file, NULL, BAD_CAST "TenFile", BAD_CAST "01B-HSB.xml");
  xmlNewTextChild (file, NULL, BAD_CAST "LoaiFile", BAD_CAST "xml");
  size = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
  xmlNewTextChild (file, NULL, BAD_CAST "DoDaiFile", BAD_CAST size);
  encoded = g_base64_encode ((const guchar *) body, length);
  xmlNewTextChild (file, NULL, BAD_CAST "NoiDungFile", BAD_CAST encoded);
  xmlNewChild (root, NULL, BAD_CAST "CKy_Dvi", NULL);

  xmlDocDumpFormatMemoryEnc (doc, &buffer, &buffer_size, "UTF-8", 1);
  bytes = g_bytes_new_take (g_strndup ((const char *) buffer, buffer_size), buffer_size);
  xmlFree (buffer);
  return bytes;
}

GBytes *
cd_employer_list_sign (CdSigningKey  *key,
                       GBytes        *envelope,
                       GError       **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNodePtr root, parent;
  xmlChar *buffer = NULL;
  int size = 0;
  GBytes *bytes;

  g_return_val_if_fail (CD_IS_SIGNING_KEY (key), NULL);
  g_return_val_if_fail (envelope != NULL, NULL);

  doc = cd_xml_safe_parse (g_bytes_get_data (envelope, NULL), g_bytes_get_size (envelope),
                           "envelope", NULL, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  parent = cd_xml_find_child (root, "CKy_Dvi");
  if (parent == NULL)
    parent = xmlNewChild (root, NULL, BAD_CAST "CKy_Dvi", NULL);
  if (!cd_xmldsig_sign (key, doc, parent, CD_XMLDSIG_PROFILE_ENVELOPED, error))
    return NULL;
  xmlDocDumpMemoryEnc (doc, &buffer, &size, "UTF-8");
  bytes = g_bytes_new_take (g_strndup ((const char *) buffer, size), size);
  xmlFree (buffer);
  return bytes;
}
