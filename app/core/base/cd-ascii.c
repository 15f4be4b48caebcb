/* cd-ascii.c — the shape of the numbers every identifier is made of. */
#include "config.h"

#include <string.h>

#include "cd-ascii.h"

gboolean
cd_ascii_is_digits (const char *text,
                    gssize      length)
{
  gsize n;

  g_return_val_if_fail (text != NULL, FALSE);

  n = strlen (text);
  if (length >= 0 ? n != (gsize) length : n == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}
