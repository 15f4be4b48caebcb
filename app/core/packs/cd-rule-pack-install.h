/* cd-rule-pack-install.h — installing a signed rule-pack update on this workstation.
 *
 * A pack is installed only when all of this holds, in this order: its signature is good and its
 * signer chains to the workstation's trust anchors (cd-rule-pack-file.h); its files load as a
 * rule pack (cd_rule_pack_load) whose version is the file's id; it carries golden cases and each
 * gives its expected result with this engine (cd-rule-pack-golden.h). The files are unpacked in a
 * hidden folder of the packs directory and moved to <packs dir>/<id>/ by one rename, with
 * manifest.json (cd-installed-pack.h), so a pack is either wholly there or not at all. The same
 * file again is a no-op that says so. Each install, repeat and refusal is appended to
 * <packs dir>/install-log.jsonl, which the Preferences page and `claimdesk-cli rules list` show.
 */
#pragma once

#include <gio/gio.h>

#include "cd-installed-pack.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

#define CD_RULE_PACK_INSTALL_ERROR (cd_rule_pack_install_error_quark ())

typedef enum
{
  CD_RULE_PACK_INSTALL_ERROR_BROKEN,    /* a file of the pack does not load, or id ≠ version */
  CD_RULE_PACK_INSTALL_ERROR_GOLDEN,    /* a golden case fails on this workstation, or none */
  CD_RULE_PACK_INSTALL_ERROR_CONFLICT,  /* this id is installed with other content */
  CD_RULE_PACK_INSTALL_ERROR_IO,        /* the packs directory cannot be written */
} CdRulePackInstallError;

GQuark cd_rule_pack_install_error_quark (void);

#define CD_RULE_PACK_INSTALL_LOG "install-log.jsonl"

/* Installs the signed update `bytes` read from `source` (a URL, a path: named in messages and the
 * log) into `packs_dir` (NULL: cd_data_dir_rule_packs). On success *out_info (optional) is the
 * installed pack and *out_already (optional) says whether it was installed before. Errors:
 * CD_RULE_PACK_FILE_ERROR (signature, format), CD_RULES_ERROR_RULE_PACK is reported as
 * CD_RULE_PACK_INSTALL_ERROR_BROKEN, a failing golden case as _GOLDEN; every message names
 * `source` and the reason. Blocking; safe from any thread. */
gboolean   cd_rule_pack_install_bytes (GBytes            *bytes,
                                       const char        *source,
                                       CdTrustStore      *trust,
                                       const char        *packs_dir,
                                       CdInstalledPack  **out_info,
                                       gboolean          *out_already,
                                       GError           **error);
/* A signed payload central sent back with a file bundle's receipts (docs/sync.md, `payloads`):
 * a "rule_pack" named `name` is installed as by cd_rule_pack_install_bytes; any other kind is
 * refused with a message naming it (G_IO_ERROR_NOT_SUPPORTED). */
gboolean   cd_rule_pack_install_payload (const char        *kind,
                                         const char        *name,
                                         GBytes            *bytes,
                                         CdTrustStore      *trust,
                                         const char        *packs_dir,
                                         CdInstalledPack  **out_info,
                                         gboolean          *out_already,
                                         GError           **error);
/* The same for a file (from a USB stick, say). */
gboolean   cd_rule_pack_install_file  (const char        *path,
                                       CdTrustStore      *trust,
                                       const char        *packs_dir,
                                       CdInstalledPack  **out_info,
                                       gboolean          *out_already,
                                       GError           **error);
/* cd_rule_pack_install_file in a worker thread; finish gives the CdInstalledPack (its `source`
 * is the path), and *out_already. */
void       cd_rule_pack_install_file_async  (const char           *path,
                                             CdTrustStore         *trust,
                                             const char           *packs_dir,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
CdInstalledPack *cd_rule_pack_install_file_finish (GAsyncResult  *result,
                                                   gboolean      *out_already,
                                                   GError       **error);

typedef struct
{
  char *at;       /* ISO 8601 UTC */
  char *outcome;  /* "installed", "already_installed", "refused" */
  char *id;       /* NULL when the file could not be read that far */
  char *source;
  char *sha256;   /* of the file */
  char *message;  /* the refusal's reason, or what was installed */
} CdRulePackLogEntry;

void       cd_rule_pack_log_entry_free (CdRulePackLogEntry *entry);
/* The last `max` entries of the install log, newest first (none when there is no log). */
GPtrArray *cd_rule_pack_install_log_read (const char *packs_dir,
                                          guint       max);

/* What an administrator's screen shows, read in a worker thread: the installed packs
 * (cd_installed_packs_list) and the last entries of the log. */
typedef struct
{
  GPtrArray *installed;  /* CdInstalledPack, by effective date */
  GPtrArray *log;        /* CdRulePackLogEntry, newest first */
} CdRulePackState;

void             cd_rule_pack_state_free        (CdRulePackState *state);
void             cd_rule_pack_state_read_async  (const char          *packs_dir,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
CdRulePackState *cd_rule_pack_state_read_finish (GAsyncResult        *result,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRulePackLogEntry, cd_rule_pack_log_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRulePackState, cd_rule_pack_state_free)

G_END_DECLS
