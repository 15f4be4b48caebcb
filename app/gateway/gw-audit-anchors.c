/* gw-audit-anchors.c — central's record of each workstation's audit-log heads. */
#include "config.h"

#include "gw-audit-anchors.h"

typedef struct
{
  GPtrArray     *accepted;  /* CdAuditAnchor, one per seq, in arrival order */
  CdAuditAnchor *held;      /* the accepted one with the highest seq (borrowed from accepted) */
  GPtrArray     *refused;   /* CdAuditAnchor with status and message */
} Book;

struct _GwAuditAnchors
{
  GHashTable *books;  /* credential id → Book */
};

static void
book_free (Book *book)
{
  g_ptr_array_unref (book->accepted);
  g_ptr_array_unref (book->refused);
  g_free (book);
}

GwAuditAnchors *
gw_audit_anchors_new (void)
{
  GwAuditAnchors *self = g_new0 (GwAuditAnchors, 1);

  self->books = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) book_free);
  return self;
}

void
gw_audit_anchors_free (GwAuditAnchors *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->books);
  g_free (self);
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static const CdAuditAnchor *
find_seq (Book   *book,
          gint64  seq)
{
  for (guint i = 0; i < book->accepted->len; i++)
    {
      const CdAuditAnchor *anchor = g_ptr_array_index (book->accepted, i);

      if (anchor->seq == seq)
        return anchor;
    }
  return NULL;
}

/* The workstation's own clock orders its heads: a head read later with fewer entries means entries
 * went. Equal times (one second) and a missing time count as "not later": the flag is a prompt for
 * the auditor, and a false one would cost more than a late one. */
static gboolean
read_later (const CdAuditAnchor *head,
            const CdAuditAnchor *held)
{
  return head->taken_at != NULL && held->taken_at != NULL
         && g_strcmp0 (head->taken_at, held->taken_at) > 0;
}

CdAuditAnchor *
gw_audit_anchors_receive (GwAuditAnchors *self,
                          const char     *credential_id,
                          JsonNode       *node,
                          const char     *via)
{
  g_autoptr(CdAuditAnchor) head = NULL;
  g_autoptr(GError) error = NULL;
  const CdAuditAnchor *same_seq;
  CdAuditAnchor *answer;
  Book *book;
  const char *status;
  g_autofree char *message = NULL;

  book = g_hash_table_lookup (self->books, credential_id);
  if (book == NULL && node == NULL)
    return NULL;
  if (book == NULL)
    {
      book = g_new0 (Book, 1);
      book->accepted = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_audit_anchor_free);
      book->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_audit_anchor_free);
      g_hash_table_insert (self->books, g_strdup (credential_id), book);
    }
  if (node == NULL)
    {
      if (book->held == NULL)
        return NULL;
      return cd_audit_anchor_copy (book->held);
    }

  head = cd_audit_anchor_from_json (node, "audit_head", &error);
  if (head == NULL)
    {
      head = g_new0 (CdAuditAnchor, 1);
      head->hash = g_strdup ("");
      status = CD_AUDIT_ANCHOR_INVALID;
      message = g_strdup (error->message);
    }
  else if ((same_seq = find_seq (book, head->seq)) != NULL)
    {
      if (g_str_equal (same_seq->hash, head->hash))
        status = head->seq == book->held->seq ? CD_AUDIT_ANCHOR_RECORDED : CD_AUDIT_ANCHOR_OLDER;
      else
        {
          status = CD_AUDIT_ANCHOR_CONFLICT;
          message = g_strdup_printf ("central already holds entry %" G_GINT64_FORMAT " of this "
                                     "workstation's audit log with another hash: the log was "
                                     "rewritten after central anchored it", head->seq);
        }
    }
  else if (book->held != NULL && head->seq < book->held->seq && read_later (head, book->held))
    {
      status = CD_AUDIT_ANCHOR_REWOUND;
      message = g_strdup_printf ("the audit log's head went back from entry %" G_GINT64_FORMAT
                                 " (read %s) to entry %" G_GINT64_FORMAT " (read %s): entries "
                                 "were deleted after central anchored them", book->held->seq,
                                 book->held->taken_at, head->seq, head->taken_at);
    }
  else
    status = book->held == NULL || head->seq > book->held->seq ? CD_AUDIT_ANCHOR_RECORDED
                                                                : CD_AUDIT_ANCHOR_OLDER;

  head->received_at = now_text ();
  head->via = g_strdup (via);
  if (g_str_equal (status, CD_AUDIT_ANCHOR_RECORDED) || g_str_equal (status, CD_AUDIT_ANCHOR_OLDER))
    {
      if (find_seq (book, head->seq) == NULL)
        {
          CdAuditAnchor *kept = g_steal_pointer (&head);

          g_ptr_array_add (book->accepted, kept);
          if (book->held == NULL || kept->seq > book->held->seq)
            book->held = kept;
        }
    }
  else
    {
      head->status = g_strdup (status);
      head->message = g_strdup (message);
      g_ptr_array_add (book->refused, g_steal_pointer (&head));
    }

  if (book->held != NULL)
    answer = cd_audit_anchor_copy (book->held);
  else
    {
      /* Nothing accepted yet: the answer still says what became of the head. */
      answer = g_new0 (CdAuditAnchor, 1);
      answer->hash = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
    }
  g_free (answer->status);
  g_free (answer->message);
  answer->status = g_strdup (status);
  answer->message = g_steal_pointer (&message);
  return answer;
}

static gint
by_seq (gconstpointer a,
        gconstpointer b)
{
  const CdAuditAnchor *x = *(const CdAuditAnchor * const *) a;
  const CdAuditAnchor *y = *(const CdAuditAnchor * const *) b;

  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
gw_audit_anchors_build (GwAuditAnchors *self,
                        const char     *credential_id,
                        const char     *office,
                        JsonBuilder    *builder)
{
  Book *book = g_hash_table_lookup (self->books, credential_id);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "credential_id");
  json_builder_add_string_value (builder, credential_id);
  json_builder_set_member_name (builder, "office");
  json_builder_add_string_value (builder, office);
  json_builder_set_member_name (builder, "held");
  if (book != NULL && book->held != NULL)
    cd_audit_anchor_build (book->held, builder);
  else
    json_builder_add_null_value (builder);

  for (guint i = 0; book != NULL && i < book->accepted->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (book->accepted, i));
  g_ptr_array_sort (sorted, by_seq);
  json_builder_set_member_name (builder, "anchors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    cd_audit_anchor_build (g_ptr_array_index (sorted, i), builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "refused");
  json_builder_begin_array (builder);
  for (guint i = 0; book != NULL && i < book->refused->len; i++)
    cd_audit_anchor_build (g_ptr_array_index (book->refused, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gint
by_text (gconstpointer a,
         gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
gw_audit_anchors_list (GwAuditAnchors *self)
{
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->books);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, by_text);
  return ids;
}
