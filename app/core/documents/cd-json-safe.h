/* cd-json-safe.h — the checks a JSON text passes before json-glib parses it.
 *
 * json-glib reads whatever it is given and recurses once per level of nesting, so text from
 * outside (a civil-status answer, a file an officer picked) is first held to a size cap, UTF-8
 * without NUL bytes, and a nesting cap. Failures use CD_DOCUMENT_ERROR, the domain of every
 * external-document reader, and name the input's `source`.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Refuses inputs json-glib should not see: over `max_bytes`, NUL bytes, invalid UTF-8, or arrays
 * and objects nested deeper than `max_depth`. */
gboolean cd_json_safe_check (const char  *data,
                             gsize        length,
                             const char  *source,
                             gsize        max_bytes,
                             guint        max_depth,
                             GError     **error);

G_END_DECLS
