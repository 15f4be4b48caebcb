/* cd-verification-worker.h — runs deferred verification (cd-paper-verification.h) whenever the
 * link may be back: when it starts, when the network comes up, when the sync worker reports a
 * successful contact with central (cd_verification_worker_trigger), and on a timer.
 *
 * A pass is cd_paper_verification_run_async: a worker thread with a writer connection of its own,
 * so the main loop never waits. One pass at a time; a trigger during a pass runs one more after
 * it. Passes are at least the minimum interval apart (a chatty sync worker does not make the
 * office re-fetch every minute). cd_verification_worker_stop cancels the pass under way and stops
 * the timers; the worker can be started again.
 */
#pragma once

#include <gio/gio.h>

#include "cd-evidence-fetcher.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

/* Gives the trust store for a pass, a new reference, or NULL with the error; called in the pass's
 * worker thread, so it may read files. */
typedef CdTrustStore *(*CdTrustLoadFunc) (gpointer   data,
                                          GError   **error);

#define CD_TYPE_VERIFICATION_WORKER (cd_verification_worker_get_type ())
G_DECLARE_FINAL_TYPE (CdVerificationWorker, cd_verification_worker, CD, VERIFICATION_WORKER,
                      GObject)

CdVerificationWorker *cd_verification_worker_new          (const char          *db_path,
                                                           CdEvidenceFetcher   *fetcher,
                                                           CdTrustLoadFunc      load_trust,
                                                           gpointer             data,
                                                           GDestroyNotify       destroy);
/* The timer's period and the least time between two passes (defaults: 1 hour, 10 minutes). */
void                  cd_verification_worker_set_periods  (CdVerificationWorker *self,
                                                           guint                period_s,
                                                           guint                min_interval_s);
void                  cd_verification_worker_start        (CdVerificationWorker *self);
void                  cd_verification_worker_stop         (CdVerificationWorker *self);
/* The link is back: a pass now, unless one ran within the minimum interval. */
void                  cd_verification_worker_trigger      (CdVerificationWorker *self);
gboolean              cd_verification_worker_is_running   (CdVerificationWorker *self);
/* How many paper documents the last pass changed, and its error (NULL when it had none). */
guint                 cd_verification_worker_get_n_changed (CdVerificationWorker *self);
const char           *cd_verification_worker_get_last_error (CdVerificationWorker *self);

/* "finished" (no arguments) is emitted on the main context the worker was started in after each
 * pass that was not cancelled. */

G_END_DECLS
