/* cd-audit-anchor.c — the head of a workstation's audit log, as sent to central and kept. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "cd-audit-anchor.h"

G_DEFINE_QUARK (cd-audit-anchor-error-quark, cd_audit_anchor_error)

static gboolean
is_hash (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

CdAuditAnchor *
cd_audit_anchor_new (gint64      seq,
                     const char *hash,
                     const char *taken_at)
{
  CdAuditAnchor *anchor;

  g_return_val_if_fail (seq >= 0 && hash != NULL, NULL);

  anchor = g_new0 (CdAuditAnchor, 1);
  anchor->seq = seq;
  anchor->hash = g_strdup (hash);
  anchor->taken_at = g_strdup (taken_at);
  return anchor;
}

CdAuditAnchor *
cd_audit_anchor_copy (const CdAuditAnchor *anchor)
{
  CdAuditAnchor *copy;

  g_return_val_if_fail (anchor != NULL, NULL);

  copy = cd_audit_anchor_new (anchor->seq, anchor->hash, anchor->taken_at);
  copy->received_at = g_strdup (anchor->received_at);
  copy->via = g_strdup (anchor->via);
  copy->status = g_strdup (anchor->status);
  copy->message = g_strdup (anchor->message);
  return copy;
}

void
cd_audit_anchor_free (CdAuditAnchor *anchor)
{
  if (anchor == NULL)
    return;
  g_free (anchor->hash);
  g_free (anchor->taken_at);
  g_free (anchor->received_at);
  g_free (anchor->via);
  g_free (anchor->status);
  g_free (anchor->message);
  g_free (anchor);
}

gboolean
cd_audit_anchor_is_refused (const CdAuditAnchor *anchor)
{
  g_return_val_if_fail (anchor != NULL, FALSE);

  return g_strcmp0 (anchor->status, CD_AUDIT_ANCHOR_REWOUND) == 0
         || g_strcmp0 (anchor->status, CD_AUDIT_ANCHOR_CONFLICT) == 0
         || g_strcmp0 (anchor->status, CD_AUDIT_ANCHOR_INVALID) == 0;
}

CdAuditAnchor *
cd_audit_anchor_parse (const char  *text,
                       GError     **error)
{
  const char *colon;
  g_autofree char *seq_text = NULL;
  g_autofree char *hash = NULL;
  guint64 seq = 0;

  g_return_val_if_fail (text != NULL, NULL);

  colon = strchr (text, ':');
  if (colon != NULL)
    {
      seq_text = g_strndup (text, (gsize) (colon - text));
      hash = g_ascii_strdown (colon + 1, -1);
    }
  if (colon == NULL
      || !g_ascii_string_to_unsigned (seq_text, 10, 0, G_MAXINT64, &seq, NULL)
      || !is_hash (hash))
    {
      g_set_error (error, CD_AUDIT_ANCHOR_ERROR, CD_AUDIT_ANCHOR_ERROR_INVALID,
                   _("“%s” is not an audit anchor: expected SEQ:HASH, the entry’s number and its "
                     "64 hex digits"), text);
      return NULL;
    }
  return cd_audit_anchor_new ((gint64) seq, hash, NULL);
}

char *
cd_audit_anchor_to_string (const CdAuditAnchor *anchor)
{
  g_return_val_if_fail (anchor != NULL, NULL);

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", anchor->seq, anchor->hash);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
cd_audit_anchor_build (const CdAuditAnchor *anchor,
                       JsonBuilder         *builder)
{
  g_return_if_fail (anchor != NULL && JSON_IS_BUILDER (builder));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, anchor->seq);
  add_string (builder, "hash", anchor->hash);
  add_string (builder, "taken_at", anchor->taken_at);
  add_string (builder, "received_at", anchor->received_at);
  add_string (builder, "via", anchor->via);
  add_string (builder, "status", anchor->status);
  add_string (builder, "message", anchor->message);
  json_builder_end_object (builder);
}

/* An optional string member: absent or null is NULL; another type is an error. */
static gboolean
optional_string (JsonObject  *object,
                 const char  *name,
                 char       **out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_dup_string (node);
  return TRUE;
}

CdAuditAnchor *
cd_audit_anchor_from_json (JsonNode    *node,
                           const char  *what,
                           GError     **error)
{
  g_autoptr(CdAuditAnchor) anchor = g_new0 (CdAuditAnchor, 1);
  JsonObject *object;
  JsonNode *seq;

  g_return_val_if_fail (what != NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  object = json_node_get_object (node);
  seq = json_object_get_member (object, "seq");
  if (seq == NULL || json_node_get_value_type (seq) != G_TYPE_INT64
      || json_node_get_int (seq) < 0)
    goto invalid;
  anchor->seq = json_node_get_int (seq);
  if (!optional_string (object, "hash", &anchor->hash) || !is_hash (anchor->hash)
      || !optional_string (object, "taken_at", &anchor->taken_at)
      || !optional_string (object, "received_at", &anchor->received_at)
      || !optional_string (object, "via", &anchor->via)
      || !optional_string (object, "status", &anchor->status)
      || !optional_string (object, "message", &anchor->message))
    goto invalid;
  return g_steal_pointer (&anchor);

invalid:
  g_set_error (error, CD_AUDIT_ANCHOR_ERROR, CD_AUDIT_ANCHOR_ERROR_INVALID,
               _("%s is not an audit anchor: it needs a seq (a whole number, 0 or more) and a hash "
                 "of 64 hex digits"), what);
  return NULL;
}
