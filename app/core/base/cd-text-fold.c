/* cd-text-fold.c — folding Vietnamese text for search and sort: no accents, no case, đ → d. */
#include "config.h"

#include "cd-text-fold.h"

#include <string.h>

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
         || type == G_UNICODE_ENCLOSING_MARK;
}

void
cd_text_fold_append (GString    *out,
                     const char *text)
{
  g_autofree char *decomposed = NULL;
  gboolean pending_space = FALSE;
  gsize start = out->len;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;

  /* Invalid UTF-8 folds to nothing rather than to half a word. */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return;

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_mark (c))
        continue;
      /* đ (U+0111) and Đ (U+0110) do not decompose: they are letters of their own. */
      if (c == 0x0111 || c == 0x0110)
        c = 'd';
      else
        c = g_unichar_tolower (c);

      if (!g_unichar_isalnum (c))
        {
          pending_space = out->len > start;
          continue;
        }
      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = FALSE;
        }
      g_string_append_unichar (out, c);
    }
}

char *
cd_text_fold (const char *text)
{
  GString *out = g_string_sized_new (text != NULL ? strlen (text) : 0);

  cd_text_fold_append (out, text);
  return g_string_free (out, FALSE);
}
