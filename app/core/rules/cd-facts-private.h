/* cd-facts-private.h — what the facts parsers share: reading typed JSON fields with their path.
 *
 * Every reader takes the parent path and the member name, and on a problem sets a
 * CD_RULES_ERROR_INVALID_FACTS error whose message starts with "parent.member: ".
 */
#pragma once

#include "cd-facts.h"

G_BEGIN_DECLS

gboolean  cd_facts_fail               (GError     **error,
                                       const char  *parent,
                                       const char  *member,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (4, 5);
int       cd_facts_compare_period     (gconstpointer a,
                                       gconstpointer b);
JsonNode *cd_facts_member             (JsonObject *object,
                                       const char *member);
gboolean  cd_facts_get_object         (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       gboolean     required,
                                       JsonObject **out,
                                       GError     **error);
gboolean  cd_facts_get_array          (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       gboolean     required,
                                       JsonArray  **out,
                                       GError     **error);
gboolean  cd_facts_date_node          (JsonNode    *node,
                                       const char  *parent,
                                       const char  *member,
                                       CdDay       *out,
                                       GError     **error);
gboolean  cd_facts_get_date           (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       gboolean     required,
                                       CdDay       *out,
                                       GError     **error);
gboolean  cd_facts_get_int            (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       gboolean     required,
                                       gint64       fallback,
                                       gint64       min,
                                       gint64       max,
                                       gint64      *out,
                                       GError     **error);
gboolean  cd_facts_get_small_int      (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       gboolean     required,
                                       int          fallback,
                                       int          min,
                                       int          max,
                                       int         *out,
                                       GError     **error);
gboolean  cd_facts_get_bool           (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       gboolean     required,
                                       gboolean    *out,
                                       GError     **error);
gboolean  cd_facts_get_choice         (JsonObject          *object,
                                       const char          *parent,
                                       const char          *member,
                                       gboolean             required,
                                       const char * const  *choices,
                                       int                  fallback,
                                       int                 *out,
                                       GError             **error);
gboolean  cd_facts_get_halves         (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       int         *out,
                                       GError     **error);
gboolean  cd_facts_get_minutes        (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       int         *out,
                                       GError     **error);
gboolean  cd_facts_get_periods        (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       gboolean     required,
                                       GArray     **out,
                                       GError     **error);
gboolean  cd_facts_check_no_overlap   (GArray      *periods,
                                       const char  *path,
                                       GError     **error);
gboolean  cd_facts_get_contributions  (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       gboolean     required,
                                       GArray     **out,
                                       GError     **error);
gboolean  cd_facts_get_day_set        (JsonObject  *object,
                                       const char  *parent,
                                       const char  *member,
                                       GHashTable **out,
                                       GError     **error);

/* The `case` object, read according to the benefit. */
gboolean  cd_facts_parse_case         (CdFacts     *self,
                                       JsonObject  *root,
                                       GError     **error);

G_END_DECLS
