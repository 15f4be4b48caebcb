/* cd-installed-pack.h — the rule packs central sent that this workstation installed, as their
 * manifests describe them.
 *
 * Each installed pack is a folder <packs dir>/<id>/ holding the pack's files (parameters.json,
 * calendars/YYYY.json, golden/NAME.json) and manifest.json, written last by the installer
 * (cd-rule-pack-install.h): a folder without a manifest is not an installed pack. The manifest
 * says which pack it is, from when it applies, what was installed (the SHA-256 of the signed file)
 * and who signed it (docs/rules.md, "Rule-pack updates").
 */
#pragma once

#include <glib.h>

#include "cd-date.h"

G_BEGIN_DECLS

#define CD_INSTALLED_PACK_MANIFEST "manifest.json"

typedef struct
{
  char  *id;            /* the pack's version, e.g. vn-si-2024+2027.01; also its folder's name */
  CdDay  effective;     /* the first decision day it applies to */
  char  *sha256;        /* of the signed update file, hex */
  char  *installed_at;  /* ISO 8601 UTC */
  char  *signer;        /* the signing certificate's subject */
  char  *source;        /* where the file came from: a URL or a path */
  char  *dir;           /* the pack's folder */
} CdInstalledPack;

void             cd_installed_pack_free  (CdInstalledPack  *pack);
CdInstalledPack *cd_installed_pack_copy  (const CdInstalledPack *pack);

/* Whether `id` may name a pack folder: letters, digits and . _ + -, not starting with a dot. */
gboolean         cd_installed_pack_id_is_valid (const char *id);

/* Reads <dir>/manifest.json. CD_RULES_ERROR_RULE_PACK naming the file when it is not one. */
CdInstalledPack *cd_installed_pack_read  (const char       *dir,
                                          GError          **error);
/* Writes pack->dir/manifest.json (atomically). */
gboolean         cd_installed_pack_write (const CdInstalledPack *pack,
                                          GError          **error);

/* Every pack installed under `packs_dir` (missing: none), by effective date then id. A folder with
 * an unreadable manifest is left out with a warning. */
GPtrArray       *cd_installed_packs_list (const char       *packs_dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdInstalledPack, cd_installed_pack_free)

G_END_DECLS
