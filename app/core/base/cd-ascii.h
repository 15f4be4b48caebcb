/* cd-ascii.h — the shape of the numbers every identifier is made of.
 *
 * Personal IDs, SI codes and health-card numbers are all runs of ASCII digits; this is the one
 * check of that shape, for the parsers (documents), the search (store) and the sample world.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when `text` is exactly `length` ASCII digits, or with a length of -1, one digit or more. */
gboolean cd_ascii_is_digits (const char *text,
                             gssize      length);

G_END_DECLS
