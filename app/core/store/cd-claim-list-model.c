/* cd-claim-list-model.c — the claim list as a lazy GListModel. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-claim-list-model.h"
#include "cd-background-task.h"
#include "cd-clock.h"
#include "cd-database-private.h"

#define MAX_CACHED_PAGES 32

/* A sort column: its index and key expression. */
typedef struct
{
  const char *index;
  const char *key;
} SortColumn;

static const SortColumn sort_columns[CD_N_CLAIM_SORTS] = {
  [CD_CLAIM_SORT_NUMBER] = { "claims_by_number", "c.number" },
  [CD_CLAIM_SORT_CLAIMANT] = { "claims_by_claimant", "c.claimant_sort" },
  [CD_CLAIM_SORT_BENEFIT] = { "claims_by_benefit", "c.benefit" },
  [CD_CLAIM_SORT_PERIOD] = { "claims_by_period", "c.period_from" },
  [CD_CLAIM_SORT_AMOUNT] = { "claims_by_amount", "c.amount" },
  [CD_CLAIM_SORT_STATUS] = { "claims_by_status", "c.status" },
  [CD_CLAIM_SORT_OFFICER] = { "claims_by_officer", "c.officer_id" },
  [CD_CLAIM_SORT_AGE] = { "claims_by_received", "c.received_on" },
};

/* Where a page starts or ends: the sort key and the id of that row. */
typedef struct
{
  sqlite3_value *key;
  gint64         id;
} Bound;

/* A page's row objects are made only when the list asks for them: scrolled past quickly, a page of
 * 200 rows is read for the dozen on screen, and only those dozen become objects and are filled. */
typedef struct
{
  guint        count;     /* rows on the page */
  CdClaimRow **rows;      /* `count` slots, NULL until handed out; placeholders until loaded */
  GArray      *data;      /* RowData, once read; NULL while loading */
  gboolean     loading;
  guint64      last_used;
} Page;

typedef struct
{
  Bound first;
  Bound last;
} Anchor;

struct _CdClaimListModel
{
  GObject        parent_instance;
  CdDatabase    *reader;
  CdClaimFilter  filter;
  CdClaimSort    sort;
  gboolean       descending;
  guint          n_items;
  CdDay          today;
  GHashTable    *pages;        /* page number → Page */
  GHashTable    *anchors;      /* page number → Anchor, for every page ever read */
  guint64        clock;
  guint          pending;
  guint64        rows_read;
  guint64        rows_made;
  guint64        index_steps;
  gboolean       sampling;     /* the page starts are being (or have been) collected */
  GCancellable  *cancellable;
};

static void list_model_iface_init (GListModelInterface *iface);

enum {
  SIGNAL_ROWS_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (CdClaimListModel, cd_claim_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

void
cd_claim_filter_init (CdClaimFilter *filter)
{
  filter->status = -1;
  filter->benefit = -1;
  filter->officer_id = 0;
  filter->received_from = 0;
  filter->received_to = 0;
  filter->status_mask = 0;
  filter->claimant_id = 0;
}

static void
bound_clear (Bound *b)
{
  g_clear_pointer (&b->key, sqlite3_value_free);
}

static void
anchor_free (Anchor *a)
{
  bound_clear (&a->first);
  bound_clear (&a->last);
  g_free (a);
}

static Page *
page_new (guint count)
{
  Page *page = g_new0 (Page, 1);

  page->count = count;
  page->rows = g_new0 (CdClaimRow *, MAX (count, 1));
  page->loading = TRUE;
  return page;
}

static void
page_free (Page *page)
{
  for (guint k = 0; k < page->count; k++)
    g_clear_object (&page->rows[k]);
  g_free (page->rows);
  g_clear_pointer (&page->data, g_array_unref);
  g_free (page);
}

/* Ages count in the sort's own direction: ascending age is the newest received first. */
static gboolean
effective_descending (CdClaimListModel *self)
{
  return self->sort == CD_CLAIM_SORT_AGE ? !self->descending : self->descending;
}

/* ---- SQL ------------------------------------------------------------------------------------- */

static void
append_filter (CdClaimListModel *self,
               GString          *sql)
{
  g_string_append (sql, " WHERE 1");
  if (self->filter.status >= 0)
    g_string_append (sql, " AND c.status = :status");
  else if (self->filter.status_mask != 0)
    {
      const char *sep = "";

      /* Literal small integers from the mask, never text: nothing to bind. */
      g_string_append (sql, " AND c.status IN (");
      for (int s = 0; s < CD_N_CLAIM_STATUSES; s++)
        if (self->filter.status_mask & (1u << s))
          {
            g_string_append_printf (sql, "%s%d", sep, s);
            sep = ", ";
          }
      g_string_append (sql, ")");
    }
  if (self->filter.claimant_id > 0)
    g_string_append (sql, " AND c.claimant_id = :claimant");
  if (self->filter.benefit >= 0)
    g_string_append (sql, " AND c.benefit = :benefit");
  if (self->filter.officer_id > 0)
    g_string_append (sql, " AND c.officer_id = :officer");
  if (self->filter.received_from > 0)
    g_string_append (sql, " AND c.received_on >= :from");
  if (self->filter.received_to > 0)
    g_string_append (sql, " AND c.received_on <= :to");
}

static void
bind_filter (CdClaimListModel *self,
             sqlite3_stmt     *stmt)
{
  int k;

  if ((k = sqlite3_bind_parameter_index (stmt, ":status")) > 0)
    sqlite3_bind_int (stmt, k, self->filter.status);
  if ((k = sqlite3_bind_parameter_index (stmt, ":benefit")) > 0)
    sqlite3_bind_int (stmt, k, self->filter.benefit);
  if ((k = sqlite3_bind_parameter_index (stmt, ":claimant")) > 0)
    sqlite3_bind_int64 (stmt, k, self->filter.claimant_id);
  if ((k = sqlite3_bind_parameter_index (stmt, ":officer")) > 0)
    sqlite3_bind_int64 (stmt, k, self->filter.officer_id);
  if ((k = sqlite3_bind_parameter_index (stmt, ":from")) > 0)
    sqlite3_bind_int64 (stmt, k, self->filter.received_from);
  if ((k = sqlite3_bind_parameter_index (stmt, ":to")) > 0)
    sqlite3_bind_int64 (stmt, k, self->filter.received_to);
}

typedef enum
{
  FROM_START,     /* the first rows */
  AFTER,          /* rows after a bound, exclusive */
  AT_OR_AFTER,    /* rows from a bound, inclusive */
  BEFORE,         /* rows before a bound, read backwards */
} Seek;

/* The page query: claims in sort order from the seek point, through the sort column's index. */
static char *
page_sql (CdClaimListModel *self,
          Seek              seek,
          gboolean          keys_only)
{
  const SortColumn *col = &sort_columns[self->sort];
  gboolean desc = effective_descending (self);
  gboolean backwards = seek == BEFORE;
  const char *dir = (desc != backwards) ? "DESC" : "ASC";
  /* One person's claims are a handful: found through the claimant index and sorted by SQLite,
   * rather than by walking the whole sort index for them. */
  const char *index = self->filter.claimant_id > 0 ? "claims_claimant" : col->index;
  GString *sql = g_string_new ("SELECT ");

  if (keys_only)
    g_string_append_printf (sql, "%s, c.id FROM claims AS c INDEXED BY %s", col->key, index);
  else
    g_string_append_printf (sql,
                            "c.id, c.number, p.full_name, c.benefit, c.period_from, c.period_to,"
                            " c.amount, c.status, u.full_name, c.received_on, %s"
                            " FROM claims AS c INDEXED BY %s"
                            " JOIN persons AS p ON p.id = c.claimant_id"
                            " JOIN users AS u ON u.id = c.officer_id",
                            col->key, index);
  append_filter (self, sql);
  switch (seek)
    {
    case AFTER:
      g_string_append_printf (sql, " AND (%s, c.id) %s (:key, :id)", col->key, desc ? "<" : ">");
      break;
    case AT_OR_AFTER:
      g_string_append_printf (sql, " AND (%s, c.id) %s (:key, :id)", col->key, desc ? "<=" : ">=");
      break;
    case BEFORE:
      g_string_append_printf (sql, " AND (%s, c.id) %s (:key, :id)", col->key, desc ? ">" : "<");
      break;
    case FROM_START:
    default:
      break;
    }
  g_string_append_printf (sql, " ORDER BY %s %s, c.id %s LIMIT :limit OFFSET :offset", col->key,
                          dir, dir);
  return g_string_free (sql, FALSE);
}

static gboolean
prepare (CdClaimListModel  *self,
         const char        *sql,
         sqlite3_stmt     **stmt,
         GError           **error)
{
  sqlite3 *db = cd_database_get_handle (self->reader);
  int rc = sqlite3_prepare_v2 (db, sql, -1, stmt, NULL);

  if (rc != SQLITE_OK)
    {
      cd_database_set_sqlite_error (error, db, rc, cd_database_get_path (self->reader));
      return FALSE;
    }
  return TRUE;
}

static void
bind_seek (sqlite3_stmt *stmt,
           const Bound  *bound,
           gint64        limit,
           gint64        offset)
{
  int k;

  if (bound != NULL && (k = sqlite3_bind_parameter_index (stmt, ":key")) > 0)
    {
      sqlite3_bind_value (stmt, k, bound->key);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), bound->id);
    }
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);
}

/* ---- loading a page (runs in a worker thread) ------------------------------------------------ */

typedef struct
{
  guint    page;
  guint    count;          /* rows expected */
  Seek     seek;
  Bound    from;           /* for AFTER / AT_OR_AFTER / BEFORE */
  gint64   skip;           /* extra rows to count over inside the index, from `from` or the start */
  /* results */
  GArray  *rows;           /* RowData */
  Bound    first;
  Bound    last;
  guint64  index_steps;
} PageJob;

typedef struct
{
  gint64 id;
  char  *number;
  char  *claimant;
  int    benefit;
  char  *period_from;
  char  *period_to;
  gint64 amount;
  int    status;
  char  *officer;
  gint64 received_on;
} RowData;

static void
row_data_clear (gpointer p)
{
  RowData *r = p;

  g_free (r->number);
  g_free (r->claimant);
  g_free (r->period_from);
  g_free (r->period_to);
  g_free (r->officer);
}

static void
page_job_free (PageJob *job)
{
  bound_clear (&job->from);
  bound_clear (&job->first);
  bound_clear (&job->last);
  g_clear_pointer (&job->rows, g_array_unref);
  g_free (job);
}

static gboolean
load_page (CdClaimListModel  *self,
           PageJob           *job,
           GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = NULL;
  Seek seek = job->seek;
  Bound start = { NULL, 0 };
  int rc;

  /* A jump: count over `skip` entries of the covering index to find where the page starts. Only
   * (key, id) are read, so no claim row is touched. */
  if (job->skip > 0)
    {
      g_autofree char *skip_sql
          = page_sql (self, seek == FROM_START ? FROM_START : AT_OR_AFTER, TRUE);

      if (!prepare (self, skip_sql, &stmt, error))
        return FALSE;
      bind_filter (self, stmt);
      bind_seek (stmt, seek == FROM_START ? NULL : &job->from, 1, job->skip);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          start.key = sqlite3_value_dup (sqlite3_column_value (stmt, 0));
          start.id = sqlite3_column_int64 (stmt, 1);
        }
      job->index_steps += (guint64) sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
      sqlite3_finalize (stmt);
      stmt = NULL;
      if (rc != SQLITE_ROW)
        {
          if (rc != SQLITE_DONE)
            {
              cd_database_set_sqlite_error (error, cd_database_get_handle (self->reader), rc,
                                            cd_database_get_path (self->reader));
              return FALSE;
            }
          return TRUE; /* the list shrank meanwhile: an empty page */
        }
      seek = AT_OR_AFTER;
    }

  sql = page_sql (self, seek, FALSE);
  if (!prepare (self, sql, &stmt, error))
    {
      bound_clear (&start);
      return FALSE;
    }
  bind_filter (self, stmt);
  bind_seek (stmt, start.key != NULL ? &start : (seek == FROM_START ? NULL : &job->from),
             job->count, 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RowData r;

      r.id = sqlite3_column_int64 (stmt, 0);
      r.number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      r.claimant = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      r.benefit = sqlite3_column_int (stmt, 3);
      r.period_from = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      r.period_to = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      r.amount = sqlite3_column_int64 (stmt, 6);
      r.status = sqlite3_column_int (stmt, 7);
      r.officer = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      r.received_on = sqlite3_column_int64 (stmt, 9);
      g_array_append_val (job->rows, r);

      /* Keep the keys of the ends: the next page seeks from them. */
      if (job->rows->len == 1)
        {
          job->first.key = sqlite3_value_dup (sqlite3_column_value (stmt, 10));
          job->first.id = r.id;
        }
      bound_clear (&job->last);
      job->last.key = sqlite3_value_dup (sqlite3_column_value (stmt, 10));
      job->last.id = r.id;
    }
  job->index_steps += (guint64) sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
  sqlite3_finalize (stmt);
  bound_clear (&start);
  if (rc != SQLITE_DONE)
    {
      cd_database_set_sqlite_error (error, cd_database_get_handle (self->reader), rc,
                                    cd_database_get_path (self->reader));
      return FALSE;
    }

  /* Read backwards: put the rows, and the ends, in list order. */
  if (seek == BEFORE)
    {
      Bound tmp = job->first;
      for (guint a = 0, b = job->rows->len - 1; job->rows->len > 0 && a < b; a++, b--)
        {
          RowData t = g_array_index (job->rows, RowData, a);
          g_array_index (job->rows, RowData, a) = g_array_index (job->rows, RowData, b);
          g_array_index (job->rows, RowData, b) = t;
        }
      job->first = job->last;
      job->last = tmp;
    }
  return TRUE;
}

/* Decides how to reach page `page` from what is known: a neighbour's end (keyset), or the nearest
 * earlier page start plus a count inside the index. */
static PageJob *
plan_page (CdClaimListModel *self,
           guint             page)
{
  PageJob *job = g_new0 (PageJob, 1);
  Anchor *prev = page > 0 ? g_hash_table_lookup (self->anchors, GUINT_TO_POINTER (page - 1)) : NULL;
  Anchor *next = g_hash_table_lookup (self->anchors, GUINT_TO_POINTER (page + 1));
  Anchor *same = g_hash_table_lookup (self->anchors, GUINT_TO_POINTER (page));

  job->page = page;
  job->count = MIN (CD_CLAIM_LIST_PAGE_SIZE, self->n_items - page * CD_CLAIM_LIST_PAGE_SIZE);
  job->rows = g_array_new (FALSE, TRUE, sizeof (RowData));
  g_array_set_clear_func (job->rows, row_data_clear);

  if (same != NULL && same->first.key != NULL)
    {
      job->seek = AT_OR_AFTER;
      job->from.key = sqlite3_value_dup (same->first.key);
      job->from.id = same->first.id;
    }
  else if (prev != NULL && prev->last.key != NULL)
    {
      job->seek = AFTER;
      job->from.key = sqlite3_value_dup (prev->last.key);
      job->from.id = prev->last.id;
    }
  else if (next != NULL && next->first.key != NULL)
    {
      job->seek = BEFORE;
      job->from.key = sqlite3_value_dup (next->first.key);
      job->from.id = next->first.id;
    }
  else if (page == 0)
    job->seek = FROM_START;
  else
    {
      /* The nearest earlier page whose start is known, else the beginning. */
      GHashTableIter iter;
      gpointer key, value;
      guint best = G_MAXUINT;

      g_hash_table_iter_init (&iter, self->anchors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint p = GPOINTER_TO_UINT (key);
          if (p < page && ((Anchor *) value)->first.key != NULL && (best == G_MAXUINT || p > best))
            best = p;
        }
      if (best != G_MAXUINT)
        {
          Anchor *a = g_hash_table_lookup (self->anchors, GUINT_TO_POINTER (best));
          job->seek = AT_OR_AFTER;
          job->from.key = sqlite3_value_dup (a->first.key);
          job->from.id = a->first.id;
          job->skip = (gint64) (page - best) * CD_CLAIM_LIST_PAGE_SIZE;
        }
      else
        {
          job->seek = FROM_START;
          job->skip = (gint64) page * CD_CLAIM_LIST_PAGE_SIZE;
        }
    }
  return job;
}

static CdClaimRowData
row_data_view (const RowData *r)
{
  return (CdClaimRowData) {
    r->id, r->number, r->claimant, (CdBenefit) r->benefit, r->period_from, r->period_to,
    r->amount, (CdClaimStatus) r->status, r->officer, (guint32) r->received_on,
  };
}

/* A row object for `r`, filled (nothing notified: nobody holds it yet), or a placeholder when its
 * page is not read. */
static CdClaimRow *
new_row (CdClaimListModel *self,
         const RowData    *r)
{
  CdClaimRowData data;

  if (r == NULL)
    return cd_claim_row_new ();
  data = row_data_view (r);
  return cd_claim_row_new_filled (&data, self->today);
}

/* Row k of the page, if read (a row past the rows read, the list having shrunk since it was
 * counted, has none and stays a placeholder). */
static const RowData *
page_row_data (Page  *page,
               guint  k)
{
  return page->data != NULL && k < page->data->len ? &g_array_index (page->data, RowData, k)
                                                   : NULL;
}

static void
store_page (CdClaimListModel *self,
            PageJob          *job)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->page));
  gboolean filled = FALSE;
  Anchor *anchor;

  self->rows_read += job->rows->len;
  self->index_steps += job->index_steps;

  if (job->first.key != NULL)
    {
      anchor = g_new0 (Anchor, 1);
      anchor->first = job->first;
      anchor->last = job->last;
      job->first.key = NULL;
      job->last.key = NULL;
      g_hash_table_replace (self->anchors, GUINT_TO_POINTER (job->page), anchor);
    }

  if (page == NULL)
    return;
  page->loading = FALSE;
  page->data = g_steal_pointer (&job->rows);
  /* Only the rows already handed out are filled now; the others are made filled when asked for. */
  for (guint k = 0; k < page->count; k++)
    {
      const RowData *r = page_row_data (page, k);

      if (page->rows[k] != NULL && r != NULL)
        {
          CdClaimRowData data = row_data_view (r);

          cd_claim_row_set_data (page->rows[k], &data, self->today);
          filled = TRUE;
        }
    }
  if (filled)
    g_signal_emit (self, signals[SIGNAL_ROWS_LOADED], 0, job->page * CD_CLAIM_LIST_PAGE_SIZE,
                   page->count);
}

static void
load_page_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!load_page (source_object, task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_page_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdClaimListModel *self = CD_CLAIM_LIST_MODEL (object);
  PageJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->pending--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->page));
      /* The rows stay placeholders; asking again retries. */
      if (page != NULL)
        g_hash_table_remove (self->pages, GUINT_TO_POINTER (job->page));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read page %u of the claim list: %s", job->page, error->message);
      return;
    }
  store_page (self, job);
}

static void
evict_pages (CdClaimListModel *self)
{
  while (g_hash_table_size (self->pages) > MAX_CACHED_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value, oldest = NULL;
      guint64 oldest_use = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;
          /* Never the page being handed out now, nor one still loading. */
          if (!page->loading && page->last_used != self->clock && page->last_used < oldest_use)
            {
              oldest_use = page->last_used;
              oldest = key;
            }
        }
      if (oldest_use == G_MAXUINT64)
        return;
      g_hash_table_remove (self->pages, oldest);
    }
}

/* ---- page starts, collected in the background ---------------------------------------------------
 *
 * A jump far from every page seen so far has to count its way there inside the index. The first
 * such jump also starts one walk over the sort column's covering index (keys and ids only, never a
 * claim row) that notes where every page starts; after it, any page is one seek.
 */

typedef struct
{
  GArray  *starts;        /* Bound, one per page, in page order */
  guint64  index_steps;
} Sample;

static void
sample_free (Sample *sample)
{
  for (guint k = 0; k < sample->starts->len; k++)
    bound_clear (&g_array_index (sample->starts, Bound, k));
  g_array_unref (sample->starts);
  g_free (sample);
}

static void
sample_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CdClaimListModel *self = source_object;
  Sample *sample = task_data;
  g_autofree char *sql = page_sql (self, FROM_START, TRUE);
  sqlite3_stmt *stmt = NULL;
  GError *error = NULL;
  guint64 row = 0;
  int rc;

  if (!prepare (self, sql, &stmt, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  bind_filter (self, stmt);
  bind_seek (stmt, NULL, -1, 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (row++ % CD_CLAIM_LIST_PAGE_SIZE == 0)
        {
          Bound b;

          b.key = sqlite3_value_dup (sqlite3_column_value (stmt, 0));
          b.id = sqlite3_column_int64 (stmt, 1);
          g_array_append_val (sample->starts, b);
        }
      if ((row & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  sample->index_steps = (guint64) sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
  sqlite3_finalize (stmt);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (rc != SQLITE_DONE)
    {
      cd_database_set_sqlite_error (&error, cd_database_get_handle (self->reader), rc,
                                    cd_database_get_path (self->reader));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
sample_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CdClaimListModel *self = CD_CLAIM_LIST_MODEL (object);
  Sample *sample = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->pending--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not index the pages of the claim list: %s", error->message);
      return;
    }
  self->index_steps += sample->index_steps;
  /* Pages already read keep their own, exact starts. */
  for (guint p = 0; p < sample->starts->len; p++)
    if (!g_hash_table_contains (self->anchors, GUINT_TO_POINTER (p)))
      {
        Anchor *anchor = g_new0 (Anchor, 1);
        anchor->first = g_array_index (sample->starts, Bound, p);
        g_array_index (sample->starts, Bound, p).key = NULL;
        g_hash_table_insert (self->anchors, GUINT_TO_POINTER (p), anchor);
      }
}

static void
start_sampling (CdClaimListModel *self)
{
  g_autoptr(GTask) task = NULL;
  Sample *sample;

  if (self->sampling)
    return;
  self->sampling = TRUE;
  sample = g_new0 (Sample, 1);
  sample->starts = g_array_new (FALSE, TRUE, sizeof (Bound));
  self->pending++;
  task = g_task_new (self, self->cancellable, sample_done, NULL);
  g_task_set_source_tag (task, start_sampling);
  g_task_set_task_data (task, sample, (GDestroyNotify) sample_free);
  g_task_set_priority (task, G_PRIORITY_LOW);
  cd_background_task_run (task, sample_thread);
}

static Page *
ensure_page (CdClaimListModel *self,
             guint             number)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (number));
  g_autoptr(GTask) task = NULL;
  PageJob *job;

  if (page != NULL)
    {
      page->last_used = ++self->clock;
      return page;
    }

  job = plan_page (self, number);
  /* Counting far inside the index now: learn every page start for next time. */
  if (job->skip > 4 * CD_CLAIM_LIST_PAGE_SIZE)
    start_sampling (self);
  page = page_new (job->count);
  page->last_used = ++self->clock;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (number), page);

  self->pending++;
  task = g_task_new (self, self->cancellable, load_page_done, NULL);
  g_task_set_source_tag (task, ensure_page);
  g_task_set_task_data (task, job, (GDestroyNotify) page_job_free);
  g_task_run_in_thread (task, load_page_thread);

  evict_pages (self);
  return page;
}

/* ---- every row, for an export ----------------------------------------------------------------
 */

gboolean
cd_claim_list_model_foreach (CdClaimListModel  *self,
                             CdClaimRowFunc     func,
                             gpointer           user_data,
                             GCancellable      *cancellable,
                             GError           **error)
{
  Bound from = { NULL, 0 };
  Seek seek = FROM_START;
  gboolean more = TRUE;

  g_return_val_if_fail (CD_IS_CLAIM_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  while (more)
    {
      PageJob *job;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          bound_clear (&from);
          return FALSE;
        }
      job = g_new0 (PageJob, 1);
      job->seek = seek;
      job->from = from;
      from.key = NULL;
      job->count = CD_CLAIM_LIST_PAGE_SIZE;
      job->rows = g_array_new (FALSE, TRUE, sizeof (RowData));
      g_array_set_clear_func (job->rows, row_data_clear);
      ok = load_page (self, job, error);
      for (guint k = 0; ok && k < job->rows->len; k++)
        {
          g_autoptr(CdClaimRow) row = new_row (self, &g_array_index (job->rows, RowData, k));

          func (row, user_data);
        }
      /* The next page seeks from this one's last row. */
      more = ok && job->rows->len == CD_CLAIM_LIST_PAGE_SIZE && job->last.key != NULL;
      if (more)
        {
          from = job->last;
          job->last.key = NULL;
          seek = AFTER;
        }
      page_job_free (job);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* ---- GListModel -------------------------------------------------------------------------------
 */

static GType
get_item_type (GListModel *model)
{
  return CD_TYPE_CLAIM_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return CD_CLAIM_LIST_MODEL (model)->n_items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CdClaimListModel *self = CD_CLAIM_LIST_MODEL (model);
  Page *page;
  guint offset = position % CD_CLAIM_LIST_PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;
  page = ensure_page (self, position / CD_CLAIM_LIST_PAGE_SIZE);
  if (offset >= page->count)
    return NULL;
  if (page->rows[offset] == NULL)
    {
      page->rows[offset] = new_row (self, page_row_data (page, offset));
      self->rows_made++;
    }
  return g_object_ref (page->rows[offset]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- construction -----------------------------------------------------------------------------
 */

static gboolean
count_items (CdClaimListModel  *self,
             GError           **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Without a date range the per-(status, benefit, officer) counts answer at once; a date range
   * counts inside the received-date index. */
  if (self->filter.claimant_id > 0)
    {
      /* One person's claims: a handful, found through the claimant index. */
      g_string_append (sql, "SELECT count(*) FROM claims AS c INDEXED BY claims_claimant");
      append_filter (self, sql);
    }
  else if (self->filter.received_from == 0 && self->filter.received_to == 0)
    {
      g_string_append (sql, "SELECT coalesce(sum(c.n), 0) FROM claim_counts AS c");
      append_filter (self, sql);
    }
  else
    {
      g_string_append (sql, "SELECT count(*) FROM claims AS c INDEXED BY claims_by_received");
      append_filter (self, sql);
    }
  if (!prepare (self, sql->str, &stmt, error))
    return FALSE;
  bind_filter (self, stmt);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->n_items = (guint) MIN (sqlite3_column_int64 (stmt, 0), (gint64) G_MAXUINT);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      cd_database_set_sqlite_error (error, cd_database_get_handle (self->reader), rc,
                                    cd_database_get_path (self->reader));
      return FALSE;
    }
  return TRUE;
}

CdClaimListModel *
cd_claim_list_model_new (const char           *db_path,
                         const CdClaimFilter  *filter,
                         CdClaimSort           sort,
                         gboolean              descending,
                         GError              **error)
{
  g_autoptr(CdClaimListModel) self = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail ((guint) sort < CD_N_CLAIM_SORTS, NULL);

  self = g_object_new (CD_TYPE_CLAIM_LIST_MODEL, NULL);
  if (filter != NULL)
    self->filter = *filter;
  self->sort = sort;
  self->descending = descending;
  self->reader = cd_database_open_reader (db_path, error);
  if (self->reader == NULL || !count_items (self, error))
    return NULL;

  /* The first page is read now, so a new list shows rows at once. */
  if (self->n_items > 0)
    {
      PageJob *job = plan_page (self, 0);
      Page *page = page_new (job->count);
      gboolean ok = load_page (self, job, error);

      g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), page);
      if (ok)
        store_page (self, job);
      page_job_free (job);
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&self);
}

typedef struct
{
  char          *db_path;
  CdClaimFilter  filter;
  CdClaimSort    sort;
  gboolean       descending;
} NewData;

static void
new_data_free (NewData *data)
{
  g_free (data->db_path);
  g_free (data);
}

static void
new_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  NewData *data = task_data;
  GError *error = NULL;
  CdClaimListModel *model = cd_claim_list_model_new (data->db_path, &data->filter, data->sort,
                                                     data->descending, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
cd_claim_list_model_new_async (const char           *db_path,
                               const CdClaimFilter  *filter,
                               CdClaimSort           sort,
                               gboolean              descending,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  NewData *data = g_new0 (NewData, 1);

  g_return_if_fail (db_path != NULL);

  data->db_path = g_strdup (db_path);
  if (filter != NULL)
    data->filter = *filter;
  else
    cd_claim_filter_init (&data->filter);
  data->sort = sort;
  data->descending = descending;
  g_task_set_source_tag (task, cd_claim_list_model_new_async);
  g_task_set_task_data (task, data, (GDestroyNotify) new_data_free);
  g_task_run_in_thread (task, new_thread);
}

CdClaimListModel *
cd_claim_list_model_new_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cd_claim_list_model_set_today (CdClaimListModel *self,
                               CdDay             today)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (CD_IS_CLAIM_LIST_MODEL (self));

  if (self->today == today)
    return;
  self->today = today;
  /* The first page was read when the model was made: its ages count to the new day too. */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Page *page = value;

      for (guint k = 0; k < page->count; k++)
        if (page->rows[k] != NULL)
          cd_claim_row_set_today (page->rows[k], today);
    }
}

guint64
cd_claim_list_model_get_rows_made (CdClaimListModel *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_LIST_MODEL (self), 0);
  return self->rows_made;
}

void
cd_claim_list_model_get_stats (CdClaimListModel *self,
                               guint64          *rows_read,
                               guint64          *index_steps)
{
  g_return_if_fail (CD_IS_CLAIM_LIST_MODEL (self));
  if (rows_read != NULL)
    *rows_read = self->rows_read;
  if (index_steps != NULL)
    *index_steps = self->index_steps;
}

guint
cd_claim_list_model_get_pending (CdClaimListModel *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_LIST_MODEL (self), 0);
  return self->pending;
}

char *
cd_claim_list_model_explain (CdClaimListModel *self)
{
  g_autofree char *sql = NULL;
  g_autofree char *explain = NULL;
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (CD_IS_CLAIM_LIST_MODEL (self), NULL);

  sql = page_sql (self, AFTER, FALSE);
  explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  if (sqlite3_prepare_v2 (cd_database_get_handle (self->reader), explain, -1, &stmt, NULL)
      == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (out, "%s\n", sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
cd_claim_list_model_dispose (GObject *object)
{
  CdClaimListModel *self = CD_CLAIM_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (cd_claim_list_model_parent_class)->dispose (object);
}

static void
cd_claim_list_model_finalize (GObject *object)
{
  CdClaimListModel *self = CD_CLAIM_LIST_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->anchors, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reader);

  G_OBJECT_CLASS (cd_claim_list_model_parent_class)->finalize (object);
}

static void
cd_claim_list_model_class_init (CdClaimListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_claim_list_model_dispose;
  object_class->finalize = cd_claim_list_model_finalize;

  /* ::rows-loaded (guint position, guint n_rows): rows handed out as placeholders in this range
   * have their data now (each has also notified :loaded). One signal for the page, so a view
   * showing many rows need not watch each. */
  signals[SIGNAL_ROWS_LOADED] =
    g_signal_new ("rows-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
cd_claim_list_model_init (CdClaimListModel *self)
{
  cd_claim_filter_init (&self->filter);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->anchors = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) anchor_free);
  self->cancellable = g_cancellable_new ();
  self->today = cd_clock_get_today (cd_clock_get_default ());
}
