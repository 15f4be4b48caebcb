/* cd-xml-prescan.h — one linear pass over XML bytes before libxml2 parses them.
 *
 * libxml2 2.9 checks an element's attributes (and namespace declarations) for duplicates pairwise
 * before any SAX callback runs, so an element with 200 000 attributes costs minutes and no guard
 * inside the parse can stop it. This pass counts attributes per start tag and measures attribute
 * values in O(n) and refuses what is over the caps, so the parse that follows stays bounded.
 */
#pragma once

#include "cd-xml-limits.h"

G_BEGIN_DECLS

/* Only an upper bound of the work: malformed input passes here and libxml2 then refuses it. */
gboolean cd_xml_prescan (const char         *data,
                         gsize               length,
                         const char         *source,
                         const CdXmlLimits  *limits,
                         GError            **error);

/* Just past the first `needle` in [p, end), or NULL: one memchr a candidate, so linear. */
const char *cd_xml_skip_past (const char *p,
                              const char *end,
                              const char *needle);

G_END_DECLS
