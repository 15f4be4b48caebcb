/* cd-list-decision.h — the decision list of a worked employer's list, as data for the letters.
 *
 * When the officer has worked an employer's list (01B-HSB) and a supervisor has approved its
 * claims, the office answers the employer with the decision list (docs/letters.md, "The decision
 * list"). The renderer lives in letters and sees no store (layering, docs/architecture.md); this
 * module reads the store and builds the JSON object `cd_decision_list_init_from_json` reads: the
 * rows the office has decided, their group, days, rate, amount and payment, and the refusals with
 * their written reasons. It only reads, inside one read transaction (one snapshot).
 *
 * Which rows: an `accepted` row whose claim is decided (approved, queued or synced) is paid from
 * the evaluation its decision was proposed from; a `refused` row is listed with the officer's
 * reason whether or not its refusal is approved yet (the refusal is the office's answer either
 * way). Every other row but a `returned` one (back with the employer, not part of the answer)
 * still waits: it is left out and counted in the object's "pending" member.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cd-database.h"
#include "cd-rule-pack.h"

G_BEGIN_DECLS

#define CD_LIST_DECISION_ERROR (cd_list_decision_error_quark ())

typedef enum
{
  CD_LIST_DECISION_ERROR_NOT_FOUND,        /* no such list */
  CD_LIST_DECISION_ERROR_NOT_PARSED,       /* the list was refused or never read: it has no rows */
  CD_LIST_DECISION_ERROR_NOTHING_DECIDED,  /* no row is decided yet */
  CD_LIST_DECISION_ERROR_DAMAGED,          /* a stored evaluation the list needs cannot be read */
  CD_LIST_DECISION_ERROR_INVALID,          /* a bad language or date given by the caller */
  CD_LIST_DECISION_ERROR_QUERY,            /* the store could not be read */
} CdListDecisionError;

GQuark    cd_list_decision_error_quark (void);

/* The decision list of `list_id` as a JSON object (docs/letters.md, "The decision list from a
 * list"), with "pending": the rows still waiting. `pack` (may be NULL: no deadline) computes the
 * statutory deadline from the day the list was received (cd-list-deadline.h). `language` is "vi"
 * (NULL) or "en"; `decided_on` is the list's date, YYYY-MM-DD (NULL: today). Refused with
 * CD_LIST_DECISION_ERROR_NOTHING_DECIDED, naming the list and its waiting rows, when no row is
 * decided. Blocking: call from a worker thread with a reader of its own, or a command-line tool. */
JsonNode *cd_list_decision_data        (CdDatabase   *db,
                                        gint64        list_id,
                                        CdRulePack   *pack,
                                        const char   *language,
                                        const char   *decided_on,
                                        GError      **error);

/* The same on a reader of the job's own, opened on `db_path` in a worker thread (the list page's
 * export). `pack` is kept until the job ends. _finish returns the object (owned), or NULL with
 * the error. */
void      cd_list_decision_data_async  (const char           *db_path,
                                        gint64                list_id,
                                        CdRulePack           *pack,
                                        const char           *language,
                                        const char           *decided_on,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
JsonNode *cd_list_decision_data_finish (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
