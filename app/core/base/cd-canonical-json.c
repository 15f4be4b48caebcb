/* cd-canonical-json.c — one byte sequence per JSON value. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-canonical-json.h"

G_DEFINE_QUARK (cd-canonical-json-error-quark, cd_canonical_json_error)

void
cd_canonical_json_append_string (GString    *out,
                                 const char *text)
{
  g_return_if_fail (out != NULL);

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
append_node (GString   *out,
             JsonNode  *node,
             GError   **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return TRUE;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_STRING)
          {
            const char *text = json_node_get_string (node);
            if (!g_utf8_validate (text, -1, NULL))
              {
                g_set_error (error, CD_CANONICAL_JSON_ERROR, CD_CANONICAL_JSON_ERROR_INVALID,
                             _("A text value is not valid UTF-8"));
                return FALSE;
              }
            cd_canonical_json_append_string (out, text);
          }
        else
          {
            g_set_error (error, CD_CANONICAL_JSON_ERROR, CD_CANONICAL_JSON_ERROR_FLOAT,
                         _("A number is not a whole number (%g); exact values only"),
                         json_node_get_double (node));
            return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (!append_node (out, json_array_get_element (array, i), error))
              return FALSE;
          }
        g_string_append_c (out, ']');
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        g_autoptr(GPtrArray) keys = g_ptr_array_new ();

        for (GList *l = members; l != NULL; l = l->next)
          g_ptr_array_add (keys, l->data);
        g_ptr_array_sort (keys, compare_keys);

        g_string_append_c (out, '{');
        for (guint i = 0; i < keys->len; i++)
          {
            const char *key = g_ptr_array_index (keys, i);

            if (i > 0)
              g_string_append_c (out, ',');
            cd_canonical_json_append_string (out, key);
            g_string_append_c (out, ':');
            if (!append_node (out, json_object_get_member (object, key), error))
              return FALSE;
          }
        g_string_append_c (out, '}');
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

char *
cd_canonical_json (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  if (!append_node (out, node, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
cd_canonical_json_from_text (const char  *text,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, CD_CANONICAL_JSON_ERROR, CD_CANONICAL_JSON_ERROR_INVALID, "%s",
                   local_error->message);
      return NULL;
    }
  return cd_canonical_json (json_parser_get_root (parser), error);
}

char *
cd_sha256_hex (const void *data,
               gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}
