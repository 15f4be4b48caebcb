/* cd-bundle-store.h — the workstation's side of file bundles: export the outbox to a file for a
 * USB stick, import central's receipts, list what was exported (docs/sync.md, "File bundles").
 *
 * Export and import work on the outbox like the network run does: exported items become `sending`
 * (attempts + 1), and each answer of a receipts bundle is recorded by cd_sync_record_answer, the
 * code the network run uses, so a bundle and the network can be mixed for one outbox. Both are
 * blocking (a worker thread, or a CLI); the _async pairs open their own connection to the store.
 */
#pragma once

#include <gio/gio.h>

#include "cd-bundle.h"
#include "cd-database.h"

G_BEGIN_DECLS

/* `office` is the enrolled office's code, NULL for a store never enrolled (the demo's): it is
 * then not compared. `credential` keys the MAC (cd_bundle_key_from_credential). */

typedef struct
{
  gint64  sequence;
  guint   n_items;
  guint   n_attachments;
  guint   n_quarantined;  /* locally damaged items (no frozen payload, or it changed): not sent */
  gsize   size;           /* of the file, in bytes */
  char   *sha256;         /* of the file */
  char   *path;
} CdBundleExport;

void cd_bundle_export_free (CdBundleExport *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdBundleExport, cd_bundle_export_free)

/* Writes every `queued` and `sending` item, and the scans of the paper documents of their claims,
 * as the next outbox bundle at `path` (a temporary file beside it, fsync, rename), then records it
 * and marks its items `sending` in one transaction. Killed at any moment, it leaves either no
 * bundle recorded (the next export takes the same number) or a recorded one.
 * CD_BUNDLE_ERROR_EMPTY if nothing waits. */
CdBundleExport *cd_bundle_store_export        (CdDatabase                *db,
                                               const char                *path,
                                               const char                *office,
                                               const CdOfficeCredential  *credential,
                                               GError                   **error);
void            cd_bundle_store_export_async  (const char                *db_path,
                                               const char                *path,
                                               const char                *office,
                                               const CdOfficeCredential  *credential,
                                               GCancellable              *cancellable,
                                               GAsyncReadyCallback        callback,
                                               gpointer                   user_data);
CdBundleExport *cd_bundle_store_export_finish (GAsyncResult              *result,
                                               GError                   **error);

/* What an import did to one decision of the receipts. */
typedef struct
{
  char *decision;      /* uuid */
  char *claim_number;  /* NULL if this store does not know the decision */
  char *status;        /* accepted, duplicate, refused, quarantined, deferred, unchanged, unknown */
  char *text;          /* the receipt, central's reason, or why it was quarantined or deferred */
} CdBundleImportItem;

typedef struct
{
  gint64      sequence;          /* the outbox bundle answered */
  guint       accepted;
  guint       duplicate;         /* filed before (over the network, or another bundle) */
  guint       refused;           /* claim reopened with central's reason */
  guint       quarantined;       /* conflict or invalid: a person must look */
  guint       deferred;          /* filed without a receipt, or not answered: queued again */
  guint       unchanged;         /* already settled here (network, an earlier import): kept */
  guint       unknown;           /* no such decision in this store's outbox */
  guint       missing;           /* items of the bundle the receipts do not answer */
  gboolean    already_imported;  /* these receipts were imported before */
  GPtrArray  *items;             /* CdBundleImportItem, in the receipts' order */
  guint       payloads;          /* other signed payloads handed to the callback */
  GPtrArray  *payload_errors;    /* char *: what the callback refused, "NAME: reason" */
  CdAuditAnchor *audit_anchor;   /* the anchor central holds, recorded here; NULL if the
                                  * receipts carry none */
} CdBundleImport;

void cd_bundle_import_free (CdBundleImport *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdBundleImport, cd_bundle_import_free)

/* Called for each other signed payload a receipts bundle carries (rule packs, later), after the
 * answers are recorded. FALSE with an error puts it in the report's payload_errors; the answers
 * stay recorded. */
typedef gboolean (*CdBundlePayloadFunc) (const CdBundlePayload  *payload,
                                         gpointer                user_data,
                                         GError                **error);

/* Reads the receipts bundle `data` (named `name` in messages), checks its format, direction,
 * office, MAC, and that it answers a bundle this store exported, then records every answer in one
 * transaction. Refused (nothing changed) with CD_BUNDLE_ERROR_*. Importing it again changes
 * nothing (already_imported, every item unchanged). */
CdBundleImport *cd_bundle_store_import_receipts (CdDatabase                *db,
                                                 GBytes                    *data,
                                                 const char                *name,
                                                 const char                *office,
                                                 const CdOfficeCredential  *credential,
                                                 CdBundlePayloadFunc        payload_func,
                                                 gpointer                   user_data,
                                                 GError                   **error);
/* The file at `path`, on a connection of its own in a worker thread. `payload_func` (may be NULL)
 * is called in that thread; `payload_destroy` frees `payload_data` when the job ends. */
void            cd_bundle_store_import_receipts_async  (const char                *db_path,
                                                        const char                *path,
                                                        const char                *office,
                                                        const CdOfficeCredential  *credential,
                                                        CdBundlePayloadFunc        payload_func,
                                                        gpointer                   payload_data,
                                                        GDestroyNotify             payload_destroy,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
CdBundleImport *cd_bundle_store_import_receipts_finish (GAsyncResult              *result,
                                                        GError                   **error);

typedef struct
{
  gint64  sequence;
  char   *file_name;
  char   *sha256;
  char   *created_at;
  guint   n_items;
  guint   n_attachments;
  char   *state;            /* exported (waiting for receipts), answered */
  char   *answered_at;      /* NULL until answered */
  char   *receipts_sha256;
} CdBundleRecord;

void       cd_bundle_record_free (CdBundleRecord *record);

/* Every bundle exported, oldest first. */
GPtrArray *cd_bundle_store_list  (CdDatabase  *db,
                                  GError     **error);
/* How many exported bundles still wait for their receipts. */
gboolean   cd_bundle_store_count_waiting (CdDatabase  *db,
                                          guint       *bundles,
                                          guint       *items,
                                          GError     **error);

G_END_DECLS
