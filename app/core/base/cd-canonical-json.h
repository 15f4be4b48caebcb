/* cd-canonical-json.h — one byte sequence per JSON value, so that a frozen decision has one hash.
 *
 * Objects have their members sorted by key (bytewise UTF-8), no insignificant white space, strings
 * with the minimal escapes (", \, and control characters), non-ASCII kept as UTF-8, integers in
 * plain decimal. Floating-point numbers are refused: money and days are exact in ClaimDesk, and a
 * float's text form is not stable across libraries.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CD_CANONICAL_JSON_ERROR (cd_canonical_json_error_quark ())

typedef enum
{
  CD_CANONICAL_JSON_ERROR_FLOAT,     /* a floating-point number */
  CD_CANONICAL_JSON_ERROR_INVALID,   /* not valid JSON or not valid UTF-8 */
} CdCanonicalJsonError;

GQuark  cd_canonical_json_error_quark (void);

char   *cd_canonical_json             (JsonNode    *node,
                                       GError     **error);
char   *cd_canonical_json_from_text   (const char  *text,
                                       GError     **error);
char   *cd_sha256_hex                 (const void  *data,
                                       gsize        length);

/* Appends `text` (UTF-8) as a canonical JSON string, quotes included; NULL appends null. For
 * writers that build a canonical text by hand, keys in byte order, because a JSON tree per entry
 * costs too much (the audit log, the freezer and the seeder write a million of them): with this one
 * escaper their strings are byte for byte what cd_canonical_json() writes. */
void    cd_canonical_json_append_string (GString    *out,
                                         const char *text);

G_END_DECLS
