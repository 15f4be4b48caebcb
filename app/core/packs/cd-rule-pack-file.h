/* cd-rule-pack-file.h — a rule-pack update as central signs and sends it.
 *
 * One XML file carries the whole pack (docs/rules.md, "Rule-pack updates"; docs/interop.md):
 *
 *   <ClaimDeskRulePack version="1" id="vn-si-2024+2027.01" effective="2027-01-01">
 *     <Issued>2026-12-01T08:00:00Z</Issued>
 *     <File path="parameters.json" sha256="…">base64</File>
 *     <File path="calendars/2027.json" sha256="…">base64</File>
 *     <File path="golden/01-sickness.json" sha256="…">base64</File>
 *     <CHUKYDONVI><ds:Signature>…</ds:Signature></CHUKYDONVI>
 *   </ClaimDeskRulePack>
 *
 * signed like central's configuration document (cd-config-document.h): enveloped XMLDSig inside
 * CHUKYDONVI, verified with cd-xmldsig against the workstation's trust anchors, so one verifier
 * and one set of anchors check both. Nothing is read before the signature is known to be good.
 */
#pragma once

#include <gio/gio.h>

#include "cd-date.h"
#include "cd-trust-store.h"
#include "cd-xmldsig.h"

G_BEGIN_DECLS

#define CD_RULE_PACK_FILE_ERROR (cd_rule_pack_file_error_quark ())

typedef enum
{
  CD_RULE_PACK_FILE_ERROR_UNSIGNED,          /* no signature */
  CD_RULE_PACK_FILE_ERROR_BAD_SIGNATURE,     /* changed after signing, or a malformed signature */
  CD_RULE_PACK_FILE_ERROR_UNTRUSTED_SIGNER,  /* signed by a certificate no anchor vouches for */
  CD_RULE_PACK_FILE_ERROR_MALFORMED,         /* not the file this format describes */
  CD_RULE_PACK_FILE_ERROR_BUILD,             /* the pack folder cannot be made into a file */
} CdRulePackFileError;

GQuark cd_rule_pack_file_error_quark (void);

typedef struct
{
  char       *path;   /* "parameters.json", "calendars/2027.json", "golden/NAME.json" */
  GBytes     *bytes;
} CdRulePackFileEntry;

typedef struct
{
  char       *source;     /* the URL or path it was read from */
  char       *id;
  CdDay       effective;
  char       *issued_at;
  char       *signer;     /* the signing certificate's subject */
  char       *sha256;     /* of the whole signed file, hex */
  GPtrArray  *files;      /* CdRulePackFileEntry */
} CdRulePackFile;

void            cd_rule_pack_file_free  (CdRulePackFile  *file);

/* Whether `path` may be carried: parameters.json, calendars/YYYY.json or golden/NAME.json, NAME
 * of letters, digits, '.', '_' and '-'. Anything else (a "..", a slash more) is refused. */
gboolean        cd_rule_pack_file_path_is_valid (const char *path);

/* Verifies `bytes` against `trust`, then reads it: every file decoded and its SHA-256 checked. */
CdRulePackFile *cd_rule_pack_file_parse (GBytes          *bytes,
                                         const char      *source,
                                         CdTrustStore    *trust,
                                         GError         **error);

/* Makes the signed file from a pack folder (parameters.json, calendars/, golden/), signed with
 * `key` (central's). The pack is not checked here: installing is what checks it. */
GBytes         *cd_rule_pack_file_build (const char      *dir,
                                         const char      *id,
                                         CdDay            effective,
                                         CdSigningKey    *key,
                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRulePackFile, cd_rule_pack_file_free)

G_END_DECLS
