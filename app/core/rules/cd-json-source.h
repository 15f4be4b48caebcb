/* cd-json-source.h — a JSON file that remembers the line of every member, for error messages.
 *
 * Rule-pack files are edited by hand once a year; when one is wrong the error must name the file
 * and the line. json-glib builds a tree without positions, so this records the parser's current
 * line as each object member and array element is read.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _CdJsonSource CdJsonSource;

/* Parses path; on a syntax error fails with CD_RULES_ERROR_RULE_PACK "PATH:LINE:COL: …". */
CdJsonSource *cd_json_source_load       (const char    *path,
                                         GError       **error);
void          cd_json_source_free       (CdJsonSource  *self);
const char   *cd_json_source_get_path   (CdJsonSource  *self);
JsonNode     *cd_json_source_get_root   (CdJsonSource  *self);

/* The line where the member (or element `index` of the array) ended, or the file's first line. */
guint         cd_json_source_member_line  (CdJsonSource *self,
                                           JsonObject   *object,
                                           const char   *member);
guint         cd_json_source_element_line (CdJsonSource *self,
                                           JsonArray    *array,
                                           guint         index);

/* Sets a CD_RULES_ERROR_RULE_PACK error "PATH:LINE: message". */
void          cd_json_source_fail       (CdJsonSource  *self,
                                         guint          line,
                                         GError       **error,
                                         const char    *format,
                                         ...) G_GNUC_PRINTF (4, 5);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdJsonSource, cd_json_source_free)

G_END_DECLS
