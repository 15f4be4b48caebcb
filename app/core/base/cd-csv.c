/* cd-csv.c — RFC 4180 text with a BOM, and the tables the workstation exports. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-csv.h"

G_DEFINE_QUARK (cd-csv-error-quark, cd_csv_error)

void
cd_csv_append_field (GString    *out,
                     const char *text,
                     CdCsvFlags  flags)
{
  gboolean guard;

  g_return_if_fail (out != NULL);

  if (text == NULL || *text == '\0')
    return;
  guard = (flags & CD_CSV_GUARD_FORMULA) != 0 && strchr ("=+-@", *text) != NULL;
  if (!guard && strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append_c (out, '\'');
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
cd_csv_append_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields,
                   CdCsvFlags          flags)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      cd_csv_append_field (out, fields[i], flags);
    }
  g_string_append (out, "\r\n");
}

CdCsvTable *
cd_csv_table_new (const char         *title,
                  const char * const *columns)
{
  CdCsvTable *table;

  g_return_val_if_fail (columns != NULL && columns[0] != NULL, NULL);

  table = g_new0 (CdCsvTable, 1);
  table->title = g_strdup (title != NULL ? title : "");
  table->columns = g_strdupv ((char **) columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

void
cd_csv_table_free (CdCsvTable *table)
{
  if (table == NULL)
    return;
  g_free (table->title);
  g_strfreev (table->columns);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

guint
cd_csv_table_get_n_columns (const CdCsvTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return g_strv_length (table->columns);
}

void
cd_csv_table_take_row (CdCsvTable *table,
                       GStrv       cells)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (cells != NULL);
  g_return_if_fail (g_strv_length (cells) == cd_csv_table_get_n_columns (table));

  g_ptr_array_add (table->rows, cells);
}

void
cd_csv_table_add_row (CdCsvTable         *table,
                      const char * const *cells)
{
  guint n;
  GStrv copy;

  g_return_if_fail (table != NULL);
  g_return_if_fail (cells != NULL);

  n = cd_csv_table_get_n_columns (table);
  copy = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  g_ptr_array_add (table->rows, copy);
}

char *
cd_csv_table_to_string (const CdCsvTable *table,
                        gsize            *length)
{
  GString *out;
  guint n;

  g_return_val_if_fail (table != NULL, NULL);

  out = g_string_new (CD_CSV_BOM);
  n = cd_csv_table_get_n_columns (table);
  cd_csv_append_row (out, (const char * const *) table->columns, n, CD_CSV_PLAIN);
  /* The cells are what the screen shows: names and reasons from outside the office among them. */
  for (guint r = 0; r < table->rows->len; r++)
    cd_csv_append_row (out, g_ptr_array_index (table->rows, r), n, CD_CSV_GUARD_FORMULA);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
cd_csv_table_write (const CdCsvTable  *table,
                    const char        *path,
                    GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = cd_csv_table_to_string (table, &length);
  if (!g_file_set_contents (path, text, (gssize) length, &local_error))
    {
      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_WRITE,
                   _("Cannot write the list “%s” to “%s”: %s"), table->title, path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
