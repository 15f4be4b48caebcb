/* cd-audit-chain.c — the tamper-evident chain of the audit log. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-audit-chain.h"
#include "cd-canonical-json.h"

char *
cd_audit_chain_hash (const char *prev_hash,
                     const char *canonical_entry)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) prev_hash, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) canonical_entry, -1);
  return g_strdup (g_checksum_get_string (checksum));
}

CdAuditBreak
cd_audit_chain_check_next (const CdAuditRecord *previous,
                           const CdAuditRecord *record)
{
  const char *expected_prev = previous == NULL ? CD_AUDIT_GENESIS_HASH : previous->hash;
  gint64 expected_seq = previous == NULL ? 1 : previous->seq + 1;
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;

  if (record->seq > expected_seq)
    return CD_AUDIT_BREAK_DELETED;
  if (record->seq < expected_seq)
    return CD_AUDIT_BREAK_REORDERED;

  canonical = cd_canonical_json_from_text (record->entry_json, NULL);
  if (canonical == NULL)
    return CD_AUDIT_BREAK_MALFORMED;

  /* Its own content first: an edited entry is named as edited, not as a broken link. */
  hash = cd_audit_chain_hash (record->prev_hash, canonical);
  if (g_strcmp0 (hash, record->hash) != 0)
    return CD_AUDIT_BREAK_EDITED;

  if (g_strcmp0 (record->prev_hash, expected_prev) != 0)
    return previous == NULL ? CD_AUDIT_BREAK_DELETED : CD_AUDIT_BREAK_REORDERED;
  return CD_AUDIT_BREAK_NONE;
}

CdAuditBreak
cd_audit_chain_verify (const CdAuditRecord *records,
                       gsize                n_records,
                       gsize               *break_index)
{
  for (gsize i = 0; i < n_records; i++)
    {
      CdAuditBreak kind = cd_audit_chain_check_next (i == 0 ? NULL : &records[i - 1], &records[i]);

      *break_index = i;
      if (kind != CD_AUDIT_BREAK_NONE)
        return kind;
    }

  *break_index = n_records;
  return CD_AUDIT_BREAK_NONE;
}

const char *
cd_audit_break_describe (CdAuditBreak kind)
{
  switch (kind)
    {
    case CD_AUDIT_BREAK_NONE:
      return _("intact");
    case CD_AUDIT_BREAK_EDITED:
      return _("edited after it was written");
    case CD_AUDIT_BREAK_DELETED:
      return _("entries before it were deleted");
    case CD_AUDIT_BREAK_REORDERED:
      return _("out of order");
    case CD_AUDIT_BREAK_MALFORMED:
      return _("not readable");
    default:
      g_assert_not_reached ();
    }
}
