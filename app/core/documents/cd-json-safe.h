/* cd-json-safe.h — the checks a JSON text passes before json-glib parses it.
 *
 * json-glib reads whatever it is given and recurses once per level of nesting, so text from
 * outside (a civil-status answer, a file an officer picked) is first held to a size cap, UTF-8
 * without NUL bytes, a nesting cap and a cap on the values it holds (json-glib builds a node of
 * some hundred bytes for each: 4 MiB of `1,` would be two million of them and a second's work).
 * Failures use CD_DOCUMENT_ERROR, the domain of every external-document reader, and name the
 * input's `source`.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Refuses inputs json-glib should not see: over `max_bytes`, NUL bytes, invalid UTF-8, arrays
 * and objects nested deeper than `max_depth`, or more than `max_values` values (array elements,
 * object members and the containers themselves). */
gboolean cd_json_safe_check (const char  *data,
                             gsize        length,
                             const char  *source,
                             gsize        max_bytes,
                             guint        max_depth,
                             guint        max_values,
                             GError     **error);

G_END_DECLS
