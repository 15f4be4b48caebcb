/* cd-base64.c — strict base64 for what arrives from outside. */
#include "config.h"

#include "cd-base64.h"

GBytes *
cd_base64_decode_strict (const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  guint padding = 0;
  guchar *decoded;
  gsize length = 0;

  g_return_val_if_fail (text != NULL, NULL);

  /* g_base64_decode skips anything outside the alphabet; a vendor's garbage must fail instead. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        continue;
      if (*p == '=')
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (*p) || *p == '+' || *p == '/'))
        return NULL;
      g_string_append_c (clean, *p);
    }
  if (clean->len == 0 || clean->len % 4 != 0 || padding > 2)
    return NULL;

  decoded = g_base64_decode (clean->str, &length);
  return g_bytes_new_take (decoded, length);
}
