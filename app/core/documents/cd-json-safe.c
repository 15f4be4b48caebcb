/* cd-json-safe.c — the checks a JSON text passes before json-glib parses it. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-document-error.h"
#include "cd-json-safe.h"

gboolean
cd_json_safe_check (const char  *data,
                    gsize        length,
                    const char  *source,
                    gsize        max_bytes,
                    guint        max_depth,
                    guint        max_values,
                    GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint values = 1;

  if (length > max_bytes)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_LARGE,
                   _("%s: the document is %lu bytes, more than the %lu accepted"), source,
                   (unsigned long) length, (unsigned long) max_bytes);
      return FALSE;
    }
  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_ENCODING,
                   _("%s: the document contains NUL bytes"), source);
      return FALSE;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_ENCODING,
                   _("%s: the document is not valid UTF-8"), source);
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_DEEP,
                           _("%s: arrays and objects are nested deeper than %u levels"), source,
                           max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
      /* A comma starts one more value; an opening bracket, a container and its first value. */
      if (!in_string && (c == ',' || c == '[' || c == '{') && ++values > max_values)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_MANY_NODES,
                       _("%s: the document holds more than %u values"), source, max_values);
          return FALSE;
        }
    }
  return TRUE;
}
