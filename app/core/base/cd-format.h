/* cd-format.h — Vietnamese-style numbers, money and dates, shared by the UI and the decision
 * letters.
 *
 * Locale-independent on purpose: a letter printed on an English desktop must still read "1.406.250
 * ₫" and "20/11/2026", so nothing here consults setlocale().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cd_format_integer_vi          (gint64       value);
char *cd_format_money_vnd           (gint64       amount);
char *cd_format_money_in_words_vi   (gint64       amount);
char *cd_format_number_in_words_vi  (gint64       value);
char *cd_format_quantity_vi         (double       value);
char *cd_format_date_vi             (const char  *iso_date);
char *cd_format_date_long_vi        (const char  *iso_date);
char *cd_format_date_long_en        (const char  *iso_date);

G_END_DECLS
