/* cd-money.c — exact money arithmetic for benefit lines. */
#include "cd-money.h"

#include <stdlib.h>

typedef __int128 CdWide;

static gint64
gcd64 (gint64 a,
       gint64 b)
{
  a = llabs (a);
  b = llabs (b);
  while (b != 0)
    {
      gint64 t = a % b;
      a = b;
      b = t;
    }
  return a == 0 ? 1 : a;
}

CdRational
cd_rational_make (gint64 num,
                  gint64 den)
{
  CdRational r;
  gint64 g;

  g_return_val_if_fail (den != 0, cd_rational_int (0));
  if (den < 0)
    {
      num = -num;
      den = -den;
    }
  g = gcd64 (num, den);
  r.num = num / g;
  r.den = den / g;
  return r;
}

CdRational
cd_rational_int (gint64 value)
{
  CdRational r = { value, 1 };
  return r;
}

/* "3/4", "1/1" or a plain integer "20". */
gboolean
cd_rational_parse (const char *text,
                   CdRational *out)
{
  g_auto(GStrv) parts = NULL;
  guint64 num, den = 1;

  if (text == NULL || *text == '\0')
    return FALSE;
  parts = g_strsplit (text, "/", 3);
  if (g_strv_length (parts) > 2)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT32, &num, NULL))
    return FALSE;
  if (parts[1] != NULL && !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT32, &den, NULL))
    return FALSE;
  *out = cd_rational_make ((gint64) num, (gint64) den);
  return TRUE;
}

gboolean
cd_rational_is_int (CdRational value)
{
  return value.den == 1;
}

char *
cd_rational_to_string (CdRational value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, value.num, value.den);
}

int
cd_rational_compare (CdRational a,
                     CdRational b)
{
  CdWide left = (CdWide) a.num * b.den;
  CdWide right = (CdWide) b.num * a.den;

  return left < right ? -1 : left > right ? 1 : 0;
}

static gint64
round_half_up (CdWide num,
               CdWide den)
{
  /* For non-negative num / den: floor (num / den + 1/2) = floor ((2 num + den) / (2 den)). */
  g_assert (num >= 0 && den > 0);
  return (gint64) ((2 * num + den) / (2 * den));
}

gint64
cd_money_line (CdRational base,
               CdRational rate,
               gint64     divisor,
               CdRational units)
{
  CdWide num = (CdWide) base.num * rate.num * units.num;
  CdWide den = (CdWide) base.den * rate.den * units.den * divisor;

  return round_half_up (num, den);
}

gint64
cd_money_round (CdRational value)
{
  return round_half_up (value.num, value.den);
}
