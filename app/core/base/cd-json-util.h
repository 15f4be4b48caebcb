/* cd-json-util.h — members of a JSON object that may be missing or of another type.
 *
 * Stored payloads, rule results and facts are read by code that must survive a damaged one, and
 * json-glib's typed getters emit a critical on a member of the wrong type. These answer NULL or 0
 * instead; `object` may itself be NULL, so lookups can be chained. The writing side has the one
 * case the builder lacks: a text member that may have no value.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* FALSE for a NULL object, as for one without the member. */
gboolean    cd_json_has_member       (JsonObject *object,
                                      const char *name);
/* The member if it is a string, an object or an array; NULL otherwise. */
const char *cd_json_member_string    (JsonObject *object,
                                      const char *name);
JsonObject *cd_json_member_object    (JsonObject *object,
                                      const char *name);
JsonArray  *cd_json_member_array     (JsonObject *object,
                                      const char *name);
/* An integer member exactly: FALSE (and *out untouched) for anything else. */
gboolean    cd_json_member_get_int   (JsonObject *object,
                                      const char *name,
                                      gint64     *out);
/* A number however it was written: an integer, a float, or a decimal string ("2.50", as a frozen
 * decision keeps a half day); 0 when missing or not a number. */
gint64      cd_json_member_int       (JsonObject *object,
                                      const char *name);
double      cd_json_member_double    (JsonObject *object,
                                      const char *name);
/* The element at `index` if it is an object; NULL otherwise. */
JsonObject *cd_json_array_get_object (JsonArray  *array,
                                      guint       index);

/* Adds the member `name` to the object being built: `value` as a string, or null when it is NULL
 * (a field the record does not have, written out so readers see it is missing on purpose). */
void        cd_json_add_string_member (JsonBuilder *builder,
                                       const char  *name,
                                       const char  *value);

G_END_DECLS
