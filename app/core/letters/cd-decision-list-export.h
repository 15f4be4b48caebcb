/* cd-decision-list-export.h — writes a decision list to a file, off the main loop.
 *
 * The list page gets the list's data from the store (cd_list_decision_data_async, evidence) and
 * hands it here: letters sees no store, so the data comes in as the JSON object
 * cd_decision_list_init_from_json reads (docs/letters.md, "The decision list"), and the file is
 * written in a worker thread. A file that cannot be written, or data the renderer refuses, fails
 * with the renderer's error, which names the file or the member.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_DECISION_LIST_PDF,
  CD_DECISION_LIST_CSV,
} CdDecisionListFormat;

/* `data` is kept (referenced) until the job ends. */
void      cd_decision_list_export_async  (JsonNode             *data,
                                          CdDecisionListFormat  format,
                                          const char           *path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* TRUE once the file is complete at `path`. */
gboolean  cd_decision_list_export_finish (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
