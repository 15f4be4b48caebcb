/* cd-money.h — exact money arithmetic for benefit lines.
 *
 * No floating point touches money: salaries are whole đồng, averages and rates are exact fractions,
 * and a line is rounded half-up to a whole đồng exactly once, at the end (benefit-rules.md section
 * 6). Intermediate products use 128-bit integers so a line cannot overflow before it is rounded.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 num;
  gint64 den; /* always > 0 and coprime with num */
} CdRational;

CdRational cd_rational_make      (gint64      num,
                                  gint64      den);
CdRational cd_rational_int       (gint64      value);
gboolean   cd_rational_parse     (const char *text,
                                  CdRational *out);
gboolean   cd_rational_is_int    (CdRational  value);
char      *cd_rational_to_string (CdRational  value);
int        cd_rational_compare   (CdRational  a,
                                  CdRational  b);

/* round_half_up (base × rate × units ÷ divisor), all non-negative. */
gint64     cd_money_line         (CdRational  base,
                                  CdRational  rate,
                                  gint64      divisor,
                                  CdRational  units);

/* Rounds a non-negative exact value half-up to a whole đồng (used to show an average as an
 * integer). */
gint64     cd_money_round        (CdRational  value);

G_END_DECLS
