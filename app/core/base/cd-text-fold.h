/* cd-text-fold.h — folding Vietnamese text for search and sort: no accents, no case, đ → d.
 *
 * SQLite's unicode61 tokenizer drops most diacritics but keeps đ, which is a letter of its own, not
 * a d with a mark; officers type "duc" for Đức. So text is folded here, in C, both when it is
 * indexed and when it is searched, and the search index only ever sees plain ASCII.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns the folded text: NFD, combining marks dropped, đ/Đ → d, lower case, every run of
 * non-alphanumeric characters turned into one space, no leading or trailing space. */
char *cd_text_fold        (const char *text);

/* Appends the folded form of `text` to `out` (no allocation besides the GString's). */
void  cd_text_fold_append (GString    *out,
                           const char *text);

G_END_DECLS
