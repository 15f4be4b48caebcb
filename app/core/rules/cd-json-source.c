/* cd-json-source.c — a JSON file that remembers the line of every member, for error messages. */
#include "cd-json-source.h"

#include "cd-rules-error.h"

struct _CdJsonSource
{
  char       *path;
  JsonParser *parser;
  GHashTable *lines; /* "%p/member" or "%p[index]" → line */
};

static void
on_object_member (JsonParser   *parser,
                  JsonObject   *object,
                  const char   *member,
                  CdJsonSource *self)
{
  g_hash_table_insert (self->lines, g_strdup_printf ("%p/%s", (void *) object, member),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static void
on_array_element (JsonParser   *parser,
                  JsonArray    *array,
                  int           index,
                  CdJsonSource *self)
{
  g_hash_table_insert (self->lines, g_strdup_printf ("%p[%d]", (void *) array, index),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

CdJsonSource *
cd_json_source_load (const char  *path,
                     GError     **error)
{
  g_autoptr(CdJsonSource) self = g_new0 (CdJsonSource, 1);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  self->parser = json_parser_new_immutable ();
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (self->parser, "object-member", G_CALLBACK (on_object_member), self);
  g_signal_connect (self->parser, "array-element", G_CALLBACK (on_array_element), self);

  if (!json_parser_load_from_file (self->parser, path, &local_error))
    {
      /* json-glib already prefixes "PATH:LINE:COL:" for syntax errors, but not for I/O errors. */
      if (local_error->domain == JSON_PARSER_ERROR)
        g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK, "%s", local_error->message);
      else
        g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK, "%s: %s", path,
                     local_error->message);
      return NULL;
    }
  if (json_parser_get_root (self->parser) == NULL)
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK, "%s:1: the file is empty",
                   path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
cd_json_source_free (CdJsonSource *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->lines, g_hash_table_unref);
  g_free (self);
}

const char *
cd_json_source_get_path (CdJsonSource *self)
{
  return self->path;
}

JsonNode *
cd_json_source_get_root (CdJsonSource *self)
{
  return json_parser_get_root (self->parser);
}

guint
cd_json_source_member_line (CdJsonSource *self,
                            JsonObject   *object,
                            const char   *member)
{
  g_autofree char *key = g_strdup_printf ("%p/%s", (void *) object, member);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (self->lines, key));

  return line > 0 ? line : 1;
}

guint
cd_json_source_element_line (CdJsonSource *self,
                             JsonArray    *array,
                             guint         index)
{
  g_autofree char *key = g_strdup_printf ("%p[%u]", (void *) array, index);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (self->lines, key));

  return line > 0 ? line : 1;
}

void
cd_json_source_fail (CdJsonSource  *self,
                     guint          line,
                     GError       **error,
                     const char    *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK, "%s:%u: %s", self->path, line,
               message);
}
