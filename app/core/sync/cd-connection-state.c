/* cd-connection-state.c — the offline state, read from the outbox and the documents. */
#include "config.h"

#include "cd-bundle-store.h"
#include "cd-connection-state.h"
#include "cd-paper-rule.h"
#include "cd-statement.h"
#include "cd-sync-error.h"

void
cd_connection_state_free (CdConnectionState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->offline_since, g_date_time_unref);
  g_clear_pointer (&state->systems, g_ptr_array_unref);
  g_free (state);
}

static void
system_contact_free (CdSystemContact *contact)
{
  g_free (contact->system);
  g_clear_pointer (&contact->last_success, g_date_time_unref);
  g_free (contact);
}

const CdSystemContact *
cd_connection_state_get_system (const CdConnectionState *state,
                                const char              *system)
{
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (system != NULL, NULL);

  for (guint i = 0; i < state->systems->len; i++)
    {
      const CdSystemContact *contact = g_ptr_array_index (state->systems, i);

      if (g_str_equal (contact->system, system))
        return contact;
    }
  return NULL;
}

static GDateTime *
parse_time (CdStatement *stmt,
            int          column)
{
  g_autofree char *text = cd_statement_dup_text (stmt, column);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;
}

/* Central answered an item when it is acknowledged or refused, or set aside on central's word
 * (conflict, invalid; "local:" items were never sent). A transport failure leaves the item queued
 * with its error and the time it failed. */
#define CENTRAL_ANSWERED_SQL \
  "(state IN ('acknowledged', 'refused')" \
  " OR (state = 'quarantined' AND coalesce (last_error, '') NOT LIKE 'local:%'))"
#define CENTRAL_FAILED_SQL \
  "(state = 'queued' AND attempts > 0 AND last_error IS NOT NULL)"

static const char *const sources[] = { "medical", "civil_status", "population" };

CdConnectionState *
cd_connection_state_read (CdDatabase  *db,
                          GError     **error)
{
  g_autoptr(CdConnectionState) state = g_new0 (CdConnectionState, 1);
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdSystemContact *central;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  state->systems = g_ptr_array_new_with_free_func ((GDestroyNotify) system_contact_free);

  /* Central: its last answer (an outbox answer or a document it sent), the first failure after
   * it, the latest failure, and what waits. */
  stmt = cd_database_prepare (db,
                              "WITH answered AS ("
                              "  SELECT max (t) AS t FROM ("
                              "   SELECT max (updated_at) AS t FROM outbox WHERE "
                              CENTRAL_ANSWERED_SQL
                              "   UNION ALL SELECT max (fetched_at) FROM documents"
                              "    WHERE source_system = 'central'))"
                              " SELECT (SELECT t FROM answered),"
                              "  (SELECT min (updated_at) FROM outbox WHERE " CENTRAL_FAILED_SQL
                              "    AND updated_at > coalesce ((SELECT t FROM answered), '')),"
                              "  (SELECT count (*) FROM outbox WHERE state IN ('queued', 'sending'))",
                              &local_error);
  if (stmt == NULL || cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    {
      cd_sync_error_outbox (error, local_error);
      return NULL;
    }
  central = g_new0 (CdSystemContact, 1);
  central->system = g_strdup ("central");
  central->last_success = parse_time (stmt, 0);
  g_ptr_array_add (state->systems, central);
  state->offline_since = parse_time (stmt, 1);
  state->waiting_decisions = (guint) cd_statement_get_int64 (stmt, 2);
  g_clear_pointer (&stmt, cd_statement_free);

  /* What went out on a USB stick and waits for central's receipts to come back the same way. */
  if (!cd_bundle_store_count_waiting (db, &state->waiting_bundles, &state->waiting_receipts,
                                      error))
    return NULL;

  /* What deferred verification will do when the link returns (cd-paper-verification.c): the
   * paper to check and the claims whose evidence is to be fetched again. */
  {
    CdPaperRules rules;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) since = NULL;
    g_autofree char *cutoff = NULL;

    cd_office_settings_read_paper_rules (db, &rules);
    since = g_date_time_add_days (now, -(int) rules.stale_days);
    cutoff = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");
    stmt = cd_database_prepare (db,
                                "SELECT (SELECT count (*) FROM documents WHERE "
                                CD_PAPER_WAITING_SQL "),"
                                " (SELECT count (*) FROM claims c WHERE ?1 > 0 AND "
                                CD_STALE_CLAIM_SQL ("?2") ")",
                                &local_error);
    if (stmt != NULL)
      {
        cd_statement_bind_int64 (stmt, 1, rules.stale_days);
        cd_statement_bind_text (stmt, 2, cutoff);
      }
    if (stmt == NULL || cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
      {
        cd_sync_error_outbox (error, local_error);
        return NULL;
      }
    state->waiting_verifications = (guint) cd_statement_get_int64 (stmt, 0);
    state->waiting_fetches = (guint) cd_statement_get_int64 (stmt, 1);
    g_clear_pointer (&stmt, cd_statement_free);
  }

  /* The evidence sources: the last document each delivered. Their failures are not kept. */
  stmt = cd_database_prepare (db, "SELECT max (fetched_at) FROM documents WHERE source_system = ?",
                              &local_error);
  for (guint i = 0; stmt != NULL && i < G_N_ELEMENTS (sources); i++)
    {
      CdSystemContact *contact;

      cd_statement_reset (stmt);
      cd_statement_bind_text (stmt, 1, sources[i]);
      if (cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
        break;
      contact = g_new0 (CdSystemContact, 1);
      contact->system = g_strdup (sources[i]);
      contact->last_success = parse_time (stmt, 0);
      g_ptr_array_add (state->systems, contact);
    }
  if (local_error != NULL)
    {
      cd_sync_error_outbox (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&state);
}

/* --- Off the main loop ----------------------------------------------------------------------- */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (task_data, &error);
  CdConnectionState *state = db != NULL ? cd_connection_state_read (db, &error) : NULL;

  if (state == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, state, (GDestroyNotify) cd_connection_state_free);
}

void
cd_connection_state_load_async (const char          *db_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (db_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_connection_state_load_async);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, load_thread);
}

CdConnectionState *
cd_connection_state_load_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
