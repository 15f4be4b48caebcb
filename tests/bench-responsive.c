/* bench-responsive.c — what an officer feels: start-up, sign-in, opening claims, scrolling,
 * search, the live evaluation and memory over a working day, on a large store, with the real
 * window:
 *
 *   xvfb-run -a -s '-screen 0 1280x1024x24' build/tests/bench-responsive STORE [--day-minutes N]
 *
 * The store is copied first (into $TMPDIR) unless --in-place says it is a scratch copy already: the
 * demo accounts get their password, claims are created, proposed and approved on it. "Drawn" is
 * always the next after-paint of the window's frame clock once the widgets have what they show, as
 * --profile-startup measures the first frame. A program, not a timed test: it prints figures.
 */
#include "config.h"

#include <adwaita.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd-application.h"
#include "cd-claim-view.h"
#include "cd-data-dir.h"
#include "cd-database.h"
#include "cd-demo-accounts.h"
#include "cd-demo-session.h"
#include "cd-malloc-arenas.h"
#include "cd-evaluation-view.h"
#include "cd-new-claim-page.h"
#include "cd-password.h"
#include "cd-renderer-choice.h"
#include "cd-sign-in-page.h"
#include "cd-statement.h"
#include "cd-window.h"
#include "cd-xmldsig.h"
#include "gui-test-util.h"

#define WAIT_S 120

typedef gboolean (*Condition) (gpointer data);

static struct
{
  int      runs;
  int      claims;
  int      prefixes;
  int      edits;
  int      open_many;
  double   scroll_seconds;
  double   day_minutes;
  int      day_sample;  /* a memory line every this many claims of the day */
  int      day_people;  /* the claimants of the day, each given claims in turn */
  gboolean in_place;
  gboolean quiet_outbox;  /* no background delivery before the day: the window's own cost */
  gboolean skip_startup;
  char    *app_path;
  char    *only;      /* comma-separated parts to measure after the sign-in; NULL: all */
} opt = { 5, 200, 200, 50, 500, 20, 1, 100, 400, FALSE, FALSE, FALSE, NULL, NULL };

static GString *summary;
static char    *scratch;  /* the copy of the store we made, removed at the end */

/* ---- figures -------------------------------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The p-th percentile (0..1) by nearest rank; values are sorted in place. */
static double
percentile (GArray *values,
            double  p)
{
  guint rank;

  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  rank = (guint) ceil (p * values->len);
  return g_array_index (values, double, CLAMP (rank, 1, values->len) - 1);
}

static void
figure (const char *name,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

/* One line per figure, on stdout and in the summary printed at the end. */
static void
figure (const char *name,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  line = g_strdup_printf ("| %-44s | %s |\n", name, text);
  g_print ("%-46s %s\n", name, text);
  g_string_append (summary, line);
}

static void
figure_spread (const char *name,
               GArray     *values)
{
  figure (name, "p50 %.1f ms, p95 %.1f ms, worst %.1f ms (n = %u)", percentile (values, 0.5),
          percentile (values, 0.95), percentile (values, 1.0), values->len);
}

static double
rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return NAN;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

/* Whether --only names `part` (or was not given). */
static gboolean
measured (const char *part)
{
  g_auto(GStrv) parts = NULL;

  if (opt.only == NULL)
    return TRUE;
  parts = g_strsplit (opt.only, ",", -1);
  return g_strv_contains ((const char * const *) parts, part);
}

/* What the RSS just measured is made of (glibc's allocator, every arena): the bytes malloc has
 * handed out and not had back, the bytes it holds free, how many arenas (a thread that allocates
 * may get its own), and the RSS once malloc_trim() has given the free pages back. Live objects
 * stay after the trim; fragmentation, freed memory kept in arenas, does not. The trim changes
 * what comes after: it is measured the same way at every point. */
static void
heap_figures (const char *when)
{
  struct mallinfo2 info = mallinfo2 ();
  g_autofree char *name = g_strdup_printf ("  %s: heap in use / free / arenas", when);
  g_autofree char *trimmed = g_strdup_printf ("  %s: RSS after malloc_trim", when);
  g_autofree char *in_sqlite = g_strdup_printf ("  %s: of the heap, SQLite's", when);
  gint64 sqlite_now = 0;
  char *xml = NULL;
  size_t xml_len = 0;
  FILE *stream = open_memstream (&xml, &xml_len);
  guint arenas = 0;

  if (stream != NULL)
    {
      malloc_info (0, stream);
      fclose (stream);
      for (const char *p = xml; (p = strstr (p, "<heap nr=")) != NULL; p++)
        arenas++;
      free (xml);
    }
  figure (name, "%.1f / %.1f MiB / %u", (info.uordblks + info.hblkhd) / 1048576.0,
          info.fordblks / 1048576.0, arenas);
  cd_database_get_memory_in_use (&sqlite_now, NULL);
  figure (in_sqlite, "%.1f MiB", sqlite_now / 1048576.0);
  malloc_trim (0);
  figure (trimmed, "%.1f MiB", rss_mib ());
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* ---- the main loop -------------------------------------------------------------------------- */

static gboolean
pulse (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until condition holds; FALSE (and a line on stderr) after WAIT_S. The pulse wakes the
 * loop to look at the clock; every change a condition sees happens in a dispatch anyway. */
static gboolean
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_TIME_SPAN_SECOND;
  guint id = g_timeout_add (20, pulse, NULL);
  gboolean ok = TRUE;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-responsive: timed out waiting for %s\n", what);
          ok = FALSE;
          break;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (id);
  return ok;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_after_paint (GdkFrameClock *clock,
                gint64        *painted_at)
{
  *painted_at = g_get_monotonic_time ();
}

static gboolean
painted (gpointer data)
{
  return *(gint64 *) data != 0;
}

/* When the phases of the last frame next_paint() waited for ended (monotonic µs): GTK's own
 * handlers of each phase run first, ours after them. */
static struct
{
  gint64 started;    /* before-paint */
  gint64 laid_out;   /* layout: every widget measured and allocated */
  gint64 painted;    /* paint: snapshot and rendered */
} frame;

static void
on_frame_phase (GdkFrameClock *clock,
                gint64        *at)
{
  *at = g_get_monotonic_time ();
}

/* Waits for the window's next frame and returns when it was painted (monotonic µs). */
static gint64
next_paint (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 painted_at = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted_at);
  gulong phases[] = {
    g_signal_connect (clock, "before-paint", G_CALLBACK (on_frame_phase), &frame.started),
    g_signal_connect_after (clock, "layout", G_CALLBACK (on_frame_phase), &frame.laid_out),
    g_signal_connect_after (clock, "paint", G_CALLBACK (on_frame_phase), &frame.painted),
  };

  frame.started = frame.laid_out = frame.painted = 0;
  gtk_widget_queue_draw (window);
  wait_for (painted, &painted_at, "a frame");
  g_signal_handler_disconnect (clock, id);
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    g_signal_handler_disconnect (clock, phases[i]);
  return painted_at;
}

static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- the store ------------------------------------------------------------------------------ */

/* Column 0 of `count` rows spread evenly over the ids of `table` (each the first at or after its
 * point), as text. */
static GPtrArray *
spread_rows (CdDatabase *reader,
             const char *table,
             const char *column,
             guint       count)
{
  g_autofree char *range_sql = g_strdup_printf ("SELECT min(id), max(id) FROM %s", table);
  g_autofree char *pick_sql = g_strdup_printf ("SELECT %s FROM %s WHERE id >= ?1 ORDER BY id "
                                               "LIMIT 1", column, table);
  g_autoptr(CdStatement) range = cd_database_prepare (reader, range_sql, NULL);
  g_autoptr(CdStatement) pick = cd_database_prepare (reader, pick_sql, NULL);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  gint64 low, high;

  g_assert (range != NULL && pick != NULL);
  if (cd_statement_step (range, NULL) != CD_STEP_ROW)
    return rows;
  low = cd_statement_get_int64 (range, 0);
  high = cd_statement_get_int64 (range, 1);
  for (guint i = 0; i < count; i++)
    {
      gint64 id = low + (gint64) ((double) (high - low) * i / MAX (count - 1, 1));

      cd_statement_reset (pick);
      cd_statement_bind_int64 (pick, 1, id);
      if (cd_statement_step (pick, NULL) == CD_STEP_ROW)
        g_ptr_array_add (rows, cd_statement_dup_text (pick, 0));
    }
  return rows;
}

static char *
copy_store (const char  *path,
            GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-responsive-XXXXXX", error);
  g_autofree char *copy = NULL;

  if (dir == NULL)
    return NULL;
  copy = g_build_filename (dir, "claims.db", NULL);
  g_print ("Copying %s to %s...\n", path, copy);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *from = g_strconcat (path, i == 0 ? "" : "-wal", NULL);
      g_autofree char *to = g_strconcat (copy, i == 0 ? "" : "-wal", NULL);
      g_autoptr(GFile) source = g_file_new_for_path (from);
      g_autoptr(GFile) target = g_file_new_for_path (to);

      if (i > 0 && !g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (!g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
        return NULL;
    }
  return g_steal_pointer (&copy);
}

/* ---- 1. the first frame, against a bare window ---------------------------------------------- */

static double
spawn_first_frame (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-responsive: %s: %s\n%s", argv[0], error->message,
                  err != NULL ? err : "");
      return NAN;
    }
  return g_ascii_strtod (out, NULL);
}

static void
measure_first_frame (const char *store)
{
  const char * const bare[] = { opt.app_path, "--profile-startup-bare", NULL };
  const char * const main_window[] = { opt.app_path, "--demo", "--db", store, "--profile-startup",
                                       NULL };
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) main_ms = g_array_new (FALSE, FALSE, sizeof (double));
  double bare_median, main_median;

  /* Alternating, and each pair in turn first, so a machine that slows or warms up weighs on
   * both alike. */
  for (int run = 0; run < opt.runs; run++)
    for (int k = 0; k < 2; k++)
      {
        gboolean is_bare = (run + k) % 2 == 0;
        double ms = spawn_first_frame (is_bare ? bare : main_window);

        g_print ("  run %d %-12s %.0f ms\n", run + 1, is_bare ? "bare window" : "main window", ms);
        if (!isnan (ms))
          g_array_append_val (is_bare ? bare_ms : main_ms, ms);
      }
  bare_median = percentile (bare_ms, 0.5);
  main_median = percentile (main_ms, 0.5);
  figure ("first frame, main window (median)", "%.0f ms (n = %u)", main_median, main_ms->len);
  figure ("first frame, bare AdwApplicationWindow", "%.0f ms (n = %u)", bare_median, bare_ms->len);
  figure ("first frame, main / bare", "%.2f x", main_median / bare_median);
}

/* ---- the window, signed in ------------------------------------------------------------------ */

typedef struct
{
  CdApplication *app;
  CdContext     *context;
  CdWindow      *window;
  CdDatabase    *reader;
  CdDemoSession *demo;
  CdSession     *supervisor;
  CdSession     *officer;
  gboolean       demo_done;
  gboolean       signed_in;
  gint64         signed_in_at;
  char          *queue;  /* the queue on show once signed in, to come back to */
} Bench;

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_demo_session_start_finish (CD_DEMO_SESSION (object), result, &error))
    g_error ("The demo session did not start: %s", error->message);
  bench->demo_done = TRUE;
}

/* As `claimdesk --demo --db STORE` sets the workstation up: the store's writer, its world's
 * gateway (evidence and central), the office credentials and the demo's trust anchors. */
static void
start_workstation (Bench      *bench,
                   const char *store)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *trust = g_build_filename (pki, "trust", NULL);
  g_autoptr(GError) error = NULL;

  bench->app = cd_application_new ();
  if (!g_application_register (G_APPLICATION (bench->app), NULL, &error))
    g_error ("%s", error->message);
  bench->context = cd_application_get_context (bench->app);
  cd_context_set_trust_dir (bench->context, trust);
  bench->demo = cd_demo_session_new (store);
  cd_demo_session_start_async (bench->demo, NULL, on_demo_started, bench);
  wait_for (flag_set, &bench->demo_done, "the store and the gateway");
  cd_http_client_set_ca_file (cd_context_get_http_client (bench->context),
                              cd_demo_session_get_ca_file (bench->demo));
  cd_context_set_office_credential (bench->context,
                                    cd_demo_session_get_office_credential (bench->demo));
  cd_context_set_addresses (bench->context, cd_demo_session_get_gateway_url (bench->demo),
                            cd_demo_session_get_gateway_url (bench->demo));
  cd_context_set_db_path (bench->context, store);
  cd_context_set_database (bench->context, cd_demo_session_get_database (bench->demo));
  bench->reader = cd_database_open_reader (store, &error);
  if (bench->reader == NULL)
    g_error ("%s", error->message);
  /* The supervisor of the simulated day, signed in once (one Argon2id) up front. */
  bench->supervisor = cd_demo_accounts_sign_in (store, CD_DEMO_SUPERVISOR_LOGIN, &error);
  if (bench->supervisor == NULL)
    g_error ("%s", error->message);
}

static gboolean
list_ready (gpointer data)
{
  Bench *bench = data;
  CdClaimList *list = cd_window_get_claim_list (bench->window);
  CdClaimListModel *model = cd_claim_list_get_model (list);

  return !cd_claim_list_get_loading (list) && model != NULL
         && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0
         && gtk_widget_is_drawable (GTK_WIDGET (list));
}

static gboolean
sign_in_page_idle (gpointer data)
{
  Bench *bench = data;

  return !cd_sign_in_page_get_busy (CD_SIGN_IN_PAGE (cd_window_get_sign_in_page (bench->window)))
         && cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (cd_window_get_sign_in_page (bench->window)))
            == CD_SIGN_IN_MODE_SIGN_IN;
}

/* The officer's keys and clicks keep the session from its idle lock (the window notes them at most
 * every 5 s, cd_session_begin_action). The bench's input does not come as events: it notes its
 * activity the same way, or the session would lock after the office's idle_lock_minutes and the
 * rest of the run would time the lock screen. */
static gboolean
note_activity (gpointer user_data)
{
  Bench *bench = user_data;
  CdSession *session = cd_context_get_session (bench->context);

  if (session != NULL && !cd_session_get_locked (session))
    cd_session_begin_action (session, NULL);
  return G_SOURCE_CONTINUE;
}

static void
on_signed_in (CdSignInPage *page,
              CdSession    *session,
              Bench        *bench)
{
  bench->signed_in_at = g_get_monotonic_time ();
  bench->signed_in = TRUE;
}

static double
argon2id_ms (Bench *bench)
{
  g_autoptr(CdStatement) select = cd_database_prepare (bench->reader,
                                                       "SELECT password_hash FROM users"
                                                       " WHERE login = ?1", NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *hash = NULL;

  cd_statement_bind_text (select, 1, CD_DEMO_OFFICER_LOGIN);
  if (cd_statement_step (select, NULL) != CD_STEP_ROW)
    return NAN;
  hash = cd_statement_dup_text (select, 0);
  for (guint i = 0; i < 3; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!cd_password_verify (hash, CD_DEMO_PASSWORD))
        return NAN;
      ms = ms_since (start);
      g_array_append_val (times, ms);
    }
  return percentile (times, 0.5);
}

/* ---- 2. password's Enter to the claim list drawn -------------------------------------------- */

static void
sign_in (Bench *bench)
{
  GtkWidget *page = cd_window_get_sign_in_page (bench->window);
  GtkWidget *password;
  gint64 enter, drawn;

  wait_for (sign_in_page_idle, bench, "the sign-in page");
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_entry_row (page, "Login")),
                         CD_DEMO_OFFICER_LOGIN);
  password = gui_test_find_entry_row (page, "Password");
  gtk_editable_set_text (GTK_EDITABLE (password), CD_DEMO_PASSWORD);
  g_signal_connect (page, "signed-in", G_CALLBACK (on_signed_in), bench);
  next_paint (GTK_WIDGET (bench->window));

  enter = g_get_monotonic_time ();
  g_signal_emit_by_name (password, "entry-activated");
  wait_for (flag_set, &bench->signed_in, "the sign-in");
  wait_for (list_ready, bench, "the claim list");
  drawn = next_paint (GTK_WIDGET (bench->window));
  bench->officer = g_object_ref (cd_context_get_session (bench->context));
  bench->queue = g_strdup (cd_window_get_queue (bench->window));
  g_timeout_add_seconds (5, note_activity, bench);

  figure ("Enter to claim list drawn", "%.0f ms", (drawn - enter) / 1000.0);
  figure ("  of which Enter to password checked", "%.0f ms",
          (bench->signed_in_at - enter) / 1000.0);
  figure ("  password checked to claim list drawn", "%.0f ms",
          (drawn - bench->signed_in_at) / 1000.0);
  figure ("Argon2id verification alone (median of 3)", "%.0f ms", argon2id_ms (bench));
}

/* ---- 3. opening claims ---------------------------------------------------------------------- */

static gint64 view_loaded_at;   /* monotonic µs of the claim view's last ::loaded */

static void
on_view_loaded (GtkWidget *view,
                gboolean  *loaded)
{
  *loaded = TRUE;
  view_loaded_at = g_get_monotonic_time ();
}

/* As the officer does: the queue's row in the sidebar, which shows its list again. */
static void
back_to_list (Bench *bench)
{
  cd_window_select_queue (bench->window, bench->queue);
  if (!wait_for (list_ready, bench, "the claim list again"))
    {
      CdClaimList *list = cd_window_get_claim_list (bench->window);
      CdClaimListModel *model = cd_claim_list_get_model (list);

      g_printerr ("bench-responsive: the list: loading %d, %u rows, drawable %d, queue %s\n",
                  cd_claim_list_get_loading (list),
                  model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0,
                  gtk_widget_is_drawable (GTK_WIDGET (list)), cd_window_get_queue (bench->window));
    }
  next_paint (GTK_WIDGET (bench->window));
}

/* Where the time of one claim view went (ms). */
typedef struct
{
  double to_loaded;    /* to the view's ::loaded: the claim read on a worker, the sections filled */
  double to_frame;     /* ::loaded to the frame's start: waiting for the frame clock */
  double layout;       /* the frame's layout */
  double paint;        /* the frame's snapshot and rendering */
} OpenSplit;

/* From win.open-claim (what activating a row of the list does) to the view drawn; `split`, if not
 * NULL, gets where the time went. */
static double
open_claim (Bench      *bench,
            const char *number,
            OpenSplit  *split)
{
  GtkWidget *view = cd_window_get_claim_view (bench->window);
  gboolean loaded = FALSE;
  gulong id = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 drawn;

  if (view != NULL)
    id = g_signal_connect (view, "loaded", G_CALLBACK (on_view_loaded), &loaded);
  gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.open-claim", "s", number);
  if (view == NULL)
    {
      /* The view is made on first use, its load started: it has not loaded yet. */
      view = cd_window_get_claim_view (bench->window);
      id = g_signal_connect (view, "loaded", G_CALLBACK (on_view_loaded), &loaded);
    }
  wait_for (flag_set, &loaded, "a claim");
  drawn = next_paint (GTK_WIDGET (bench->window));
  if (split != NULL)
    {
      split->to_loaded = (view_loaded_at - start) / 1000.0;
      split->to_frame = (frame.started - view_loaded_at) / 1000.0;
      split->layout = (frame.laid_out - frame.started) / 1000.0;
      split->paint = (frame.painted - frame.laid_out) / 1000.0;
    }
  g_signal_handler_disconnect (view, id);
  if (g_strcmp0 (cd_claim_view_get_claim_number (CD_CLAIM_VIEW (view)), number) != 0)
    g_printerr ("bench-responsive: the view shows %s, not %s\n",
                cd_claim_view_get_claim_number (CD_CLAIM_VIEW (view)), number);
  return (drawn - start) / 1000.0;
}

static void
measure_open_claims (Bench *bench)
{
  g_autoptr(GPtrArray) numbers = spread_rows (bench->reader, "claims", "number", opt.claims);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) back = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layouts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paints = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < numbers->len; i++)
    {
      OpenSplit split = { 0 };
      double ms = open_claim (bench, numbers->pdata[i], &split);
      gint64 start = g_get_monotonic_time ();

      g_array_append_val (times, ms);
      g_array_append_val (loads, split.to_loaded);
      g_array_append_val (waits, split.to_frame);
      g_array_append_val (layouts, split.layout);
      g_array_append_val (paints, split.paint);
      back_to_list (bench);
      ms = ms_since (start);
      g_array_append_val (back, ms);
    }
  figure_spread ("claim opened to its view drawn", times);
  figure_spread ("  of which to the claim read (::loaded)", loads);
  figure_spread ("  then waiting for the frame", waits);
  figure_spread ("  then the frame's layout", layouts);
  figure_spread ("  then the frame's paint", paints);
  figure_spread ("  and back to the list drawn", back);
}

/* Outbox rows in `state`. */
static gint64
outbox_count (Bench      *bench,
              const char *state)
{
  g_autoptr(CdStatement) select = cd_database_prepare (bench->reader,
                                                       "SELECT count(*) FROM outbox"
                                                       " WHERE state = ?1", NULL);

  cd_statement_bind_text (select, 1, state);
  return select != NULL && cd_statement_step (select, NULL) == CD_STEP_ROW
         ? cd_statement_get_int64 (select, 0) : -1;
}

/* ---- 4. scrolling --------------------------------------------------------------------------- */

typedef struct
{
  GtkAdjustment *adjustment;
  double         from, to;
  gint64         start;
  double         seconds;
  gboolean       done;
  GArray        *paints;  /* gint64, monotonic µs of each after-paint */
} Scroll;

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  Scroll *scroll = user_data;
  double progress;

  if (scroll->start == 0)
    scroll->start = gdk_frame_clock_get_frame_time (clock);
  progress = (gdk_frame_clock_get_frame_time (clock) - scroll->start)
             / (scroll->seconds * G_USEC_PER_SEC);
  gtk_adjustment_set_value (scroll->adjustment,
                            scroll->from + (scroll->to - scroll->from) * MIN (progress, 1.0));
  if (progress >= 1.0)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_scroll_paint (GdkFrameClock *clock,
                 Scroll        *scroll)
{
  gint64 now = g_get_monotonic_time ();

  if (scroll->start != 0)
    g_array_append_val (scroll->paints, now);
}

/* The list's own scrolling: the scrolled window around its column view. */
static GtkAdjustment *
list_adjustment (Bench *bench)
{
  GtkWidget *list = GTK_WIDGET (cd_window_get_claim_list (bench->window));
  GtkWidget *columns = gui_test_find_widget (list, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *scroller = gtk_widget_get_ancestor (columns, GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

/* Scrolls the list from `from` to `to` (pixels) in `seconds` at a steady speed, a step each frame
 * as a kinetic scroll or a dragged scrollbar does, and reports the time between frames. */
static void
scroll_list (Bench      *bench,
             const char *name,
             double      from,
             double      to,
             double      seconds)
{
  GtkWidget *list = GTK_WIDGET (cd_window_get_claim_list (bench->window));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  Scroll scroll = { list_adjustment (bench), from, to, 0, seconds, FALSE,
                    g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  CdClaimListModel *model = cd_claim_list_get_model (CD_CLAIM_LIST (list));
  guint over_33 = 0, over_100 = 0;
  guint64 rows_made;
  gulong id;
  g_autofree char *label = NULL;

  gtk_adjustment_set_value (scroll.adjustment, from);
  next_paint (GTK_WIDGET (bench->window));
  rows_made = cd_claim_list_model_get_rows_made (model);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_scroll_paint), &scroll);
  gtk_widget_add_tick_callback (list, scroll_tick, &scroll, NULL);
  wait_for (flag_set, &scroll.done, "the scroll");
  next_paint (GTK_WIDGET (bench->window));
  g_signal_handler_disconnect (clock, id);

  for (guint i = 1; i < scroll.paints->len; i++)
    {
      double ms = (g_array_index (scroll.paints, gint64, i)
                   - g_array_index (scroll.paints, gint64, i - 1)) / 1000.0;

      g_array_append_val (frames, ms);
      over_33 += ms > 33.0;
      over_100 += ms > 100.0;
    }
  /* How many rows the view asked the model for, a frame (each a row of cells to bind). */
  label = g_strdup_printf ("scroll %s: rows made per frame", name);
  figure (label, "%.1f", (double) (cd_claim_list_model_get_rows_made (model) - rows_made)
                         / MAX (scroll.paints->len, 1));
  g_free (label);
  g_array_unref (scroll.paints);
  label = g_strdup_printf ("scroll %s: frame times", name);
  figure_spread (label, frames);
  g_free (label);
  label = g_strdup_printf ("scroll %s: frames over 33 / 100 ms", name);
  figure (label, "%u / %u of %u (%.0f px in %.1f s)", over_33, over_100, frames->len,
          fabs (to - from), seconds);
}

static void
measure_scrolling (Bench *bench)
{
  GtkAdjustment *adjustment = list_adjustment (bench);
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* A seeded store has an outbox to deliver: the worker doing it competes for the cores. */
  figure ("scroll: outbox queued at the start", "%" G_GINT64_FORMAT " (background delivery %s)",
          outbox_count (bench, "queued"), opt.quiet_outbox ? "stopped" : "on");
  /* Reading speed: about two screenfuls a second, for a fifth of the time. */
  scroll_list (bench, "reading (2 pages/s)", 0,
               MIN (bottom, 2 * gtk_adjustment_get_page_size (adjustment) * opt.scroll_seconds
                            / 5), opt.scroll_seconds / 5);
  /* Top to bottom at a steady speed, as dragging the scrollbar's slider does. */
  scroll_list (bench, "top to bottom", 0, bottom, opt.scroll_seconds);
  gtk_adjustment_set_value (adjustment, 0);
}

/* ---- 5. search as you type ------------------------------------------------------------------ */

typedef struct
{
  gboolean finished;
  gboolean changed;
  gint64   changed_at;
} Search;

static void
on_search_finished (CdWindow *window,
                    guint     n_results,
                    Search   *search)
{
  search->finished = TRUE;
}

static void
on_search_changed (GtkSearchEntry *entry,
                   Search         *search)
{
  search->changed = TRUE;
  search->changed_at = g_get_monotonic_time ();
}

static void
measure_search (Bench *bench)
{
  g_autoptr(GPtrArray) names = spread_rows (bench->reader, "persons", "full_name",
                                            opt.prefixes);
  GtkWidget *entry = gui_test_find_widget (GTK_WIDGET (bench->window), GTK_TYPE_SEARCH_ENTRY);
  g_autoptr(GArray) to_pixels = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_delay = g_array_new (FALSE, FALSE, sizeof (double));
  Search search = { FALSE, FALSE, 0 };
  gulong finished_id, changed_id;
  guint delay = 0;

  g_object_get (entry, "search-delay", &delay, NULL);
  gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.search", NULL);
  finished_id = g_signal_connect (bench->window, "search-finished",
                                  G_CALLBACK (on_search_finished), &search);
  changed_id = g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_changed),
                                       &search);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      /* 2 to 6 letters of the name, the last of them the keystroke measured. */
      glong letters = MIN (2 + (glong) (i % 5), g_utf8_strlen (name, -1));
      const char *last = g_utf8_offset_to_pointer (name, letters - 1);
      const char *end = g_utf8_offset_to_pointer (name, letters);
      g_autofree char *before = g_strndup (name, last - name);
      int position = (int) g_utf8_strlen (before, -1);
      gint64 start, drawn;

      gtk_editable_set_text (GTK_EDITABLE (entry), before);
      search.finished = search.changed = FALSE;
      if (before[0] != '\0')
        wait_for (flag_set, &search.finished, "the results before the keystroke");
      next_paint (GTK_WIDGET (bench->window));

      search.finished = search.changed = FALSE;
      start = g_get_monotonic_time ();
      gtk_editable_insert_text (GTK_EDITABLE (entry), last, (int) (end - last), &position);
      if (!wait_for (flag_set, &search.finished, "the results"))
        continue;
      drawn = next_paint (GTK_WIDGET (bench->window));
      {
        double ms = (drawn - start) / 1000.0;
        double searched = (drawn - search.changed_at) / 1000.0;

        g_array_append_val (to_pixels, ms);
        g_array_append_val (after_delay, searched);
      }
    }
  g_signal_handler_disconnect (bench->window, finished_id);
  g_signal_handler_disconnect (entry, changed_id);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  back_to_list (bench);
  figure_spread ("search: keystroke to results drawn", to_pixels);
  figure ("  of which the entry's search-delay", "%u ms", delay);
  figure_spread ("  search started to results drawn", after_delay);
}

/* ---- 6. the new-claim page: a fact edited to the evaluation shown --------------------------- */

typedef struct
{
  Bench          *bench;
  CdNewClaimPage *page;
  GtkSpinner     *spinner;
  gboolean        was_busy;
} NewClaim;

static gboolean
sources_done (gpointer data)
{
  NewClaim *nc = data;

  return cd_new_claim_page_get_sources_done (nc->page) > 0
         && !cd_new_claim_page_get_busy (nc->page) && cd_new_claim_page_get_n_cases (nc->page) > 0;
}

/* The evaluation asked for after an edit is shown: its spinner went on, and off with a total. */
static gboolean
evaluated (gpointer data)
{
  NewClaim *nc = data;

  if (gtk_spinner_get_spinning (nc->spinner))
    nc->was_busy = TRUE;
  return nc->was_busy && !gtk_spinner_get_spinning (nc->spinner)
         && cd_new_claim_page_get_total (nc->page) >= 0;
}

static gboolean
has_claim (gpointer data)
{
  return cd_new_claim_page_get_claim_id (((NewClaim *) data)->page) > 0;
}

static gboolean
not_busy (gpointer data)
{
  return !cd_new_claim_page_get_busy (((NewClaim *) data)->page);
}

/* Personal IDs of claimants of past sickness claims this year, spread over the store: people the
 * gateway has documents for. */
static GPtrArray *
sickness_claimants (Bench *bench,
                    guint  count)
{
  g_autoptr(CdStatement) select =
    cd_database_prepare (bench->reader,
                         "SELECT DISTINCT p.personal_id FROM claims c"
                         " JOIN persons p ON p.id = c.claimant_id"
                         " WHERE c.benefit = 0 AND c.period_from >= strftime ('%Y-01-01', 'now')"
                         "   AND c.period_to <= date ('now') AND c.id % 97 = 0 LIMIT ?1", NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert (select != NULL);
  cd_statement_bind_int64 (select, 1, count);
  while (cd_statement_step (select, NULL) == CD_STEP_ROW)
    g_ptr_array_add (ids, cd_statement_dup_text (select, 0));
  return ids;
}

/* Types the ID, fetches every source, and picks the first sickness case (else the first case):
 * the form fills in and is evaluated. */
static gboolean
start_claim (NewClaim   *nc,
             const char *personal_id)
{
  int chosen = 0;
  GtkWidget *id_row = gui_test_find_widget (GTK_WIDGET (nc->page), ADW_TYPE_ENTRY_ROW);

  cd_new_claim_page_reset (nc->page);
  gtk_editable_set_text (GTK_EDITABLE (id_row), personal_id);
  if (!gtk_widget_activate_action (GTK_WIDGET (nc->page), "new-claim.fetch", NULL))
    return FALSE;
  if (!wait_for (sources_done, nc, "the evidence"))
    return FALSE;
  for (guint i = 0; i < cd_new_claim_page_get_n_cases (nc->page); i++)
    if (cd_new_claim_page_get_case_benefit (nc->page, i) == CD_BENEFIT_SICKNESS)
      {
        chosen = (int) i;
        break;
      }
  nc->was_busy = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (nc->page), "new-claim.select-case", "i", chosen);
  return wait_for (evaluated, nc, "the first evaluation");
}

static void
open_new_claim_page (Bench    *bench,
                     NewClaim *nc)
{
  gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.new-claim", NULL);
  nc->bench = bench;
  nc->page = CD_NEW_CLAIM_PAGE (cd_window_get_new_claim_page (bench->window));
  nc->spinner = GTK_SPINNER (gui_test_find_widget (gui_test_find_widget (GTK_WIDGET (nc->page),
                                                                         CD_TYPE_EVALUATION_VIEW),
                                                   GTK_TYPE_SPINNER));
}

/* The day before dd/mm/yyyy, in the same form. */
static char *
day_before (const char *text)
{
  int d, m, y;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) before = NULL;

  if (sscanf (text, "%d/%d/%d", &d, &m, &y) != 3
      || (day = g_date_time_new_utc (y, m, d, 0, 0, 0)) == NULL)
    return NULL;
  before = g_date_time_add_days (day, -1);
  return g_date_time_format (before, "%d/%m/%Y");
}

static void
measure_evaluation (Bench *bench)
{
  g_autoptr(GPtrArray) people = sickness_claimants (bench, 1);
  g_autoptr(GArray) to_pixels = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_delay = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pause = g_array_new (FALSE, FALSE, sizeof (double));
  NewClaim nc = { NULL };
  GtkWidget *leave;
  g_autofree char *original = NULL;
  g_autofree char *earlier = NULL;

  if (people->len == 0)
    {
      figure ("evaluation: fact edited to shown", "not measured: no past sickness claim");
      return;
    }
  open_new_claim_page (bench, &nc);
  if (!start_claim (&nc, people->pdata[0]))
    {
      figure ("evaluation: fact edited to shown", "not measured: the case did not evaluate");
      return;
    }
  /* The leave's start as the documents gave it: the form names each row by its fact's path. */
  leave = find_named (GTK_WIDGET (nc.page), "case.leave");
  if (leave != NULL)
    original = g_strdup (gtk_editable_get_text (GTK_EDITABLE (leave)));
  earlier = original != NULL ? day_before (original) : NULL;
  if (earlier == NULL)
    {
      figure ("evaluation: fact edited to shown", "not measured: no leave date on the form");
      return;
    }
  for (int i = 0; i < opt.edits; i++)
    {
      gint64 start, drawn, busy_at = 0;
      double ms;

      /* The typing pause, then the evaluation: when its spinner goes on is when it starts. */
      nc.was_busy = FALSE;
      start = g_get_monotonic_time ();
      cd_new_claim_page_set_field (nc.page, "case.leave", i % 2 == 0 ? earlier : original);
      while (!nc.was_busy && ms_since (start) < WAIT_S * 1000)
        {
          g_main_context_iteration (NULL, TRUE);
          if (gtk_spinner_get_spinning (nc.spinner))
            {
              nc.was_busy = TRUE;
              busy_at = g_get_monotonic_time ();
            }
        }
      if (!wait_for (evaluated, &nc, "an evaluation"))
        continue;
      drawn = next_paint (GTK_WIDGET (bench->window));
      ms = (drawn - start) / 1000.0;
      g_array_append_val (to_pixels, ms);
      ms = (drawn - busy_at) / 1000.0;
      g_array_append_val (after_delay, ms);
      ms = (busy_at - start) / 1000.0;
      g_array_append_val (pause, ms);
    }
  figure_spread ("evaluation: fact edited to shown", to_pixels);
  figure_spread ("  of which the page's typing pause", pause);
  figure_spread ("  evaluation started to shown", after_delay);
  back_to_list (bench);
}

/* ---- 7. memory over a day ------------------------------------------------------------------- */

static gboolean
view_idle (gpointer data)
{
  GtkWidget *view = cd_window_get_claim_view (((Bench *) data)->window);

  return view != NULL && !cd_claim_view_get_busy (CD_CLAIM_VIEW (view));
}

static char *
claim_number (Bench  *bench,
              gint64  claim_id)
{
  g_autoptr(CdStatement) select = cd_database_prepare (bench->reader,
                                                       "SELECT number FROM claims WHERE id = ?1",
                                                       NULL);

  cd_statement_bind_int64 (select, 1, claim_id);
  return cd_statement_step (select, NULL) == CD_STEP_ROW ? cd_statement_dup_text (select, 0)
                                                         : NULL;
}

/* Acts on the claim in the view: `action` as the view's button does it. */
static gboolean
act (Bench      *bench,
     const char *number,
     const char *action)
{
  GtkWidget *view;

  open_claim (bench, number, NULL);
  view = cd_window_get_claim_view (bench->window);
  if (!gtk_widget_activate_action (view, action, NULL))
    return FALSE;
  settle ();
  return wait_for (view_idle, bench, action) && cd_claim_view_get_error (CD_CLAIM_VIEW (view))
                                                == NULL;
}

/* One line of where the day's memory is, to tell growth that levels off (a cache) from growth
 * that goes on with every claim: the heap in use, and SQLite's share of it (its page caches,
 * schemas and statements, over every connection of the process). */
static void
day_sample (Bench  *bench,
            guint   claims,
            gint64  start)
{
  struct mallinfo2 info = mallinfo2 ();
  gint64 sqlite_now = 0, sqlite_peak = 0;

  cd_database_get_memory_in_use (&sqlite_now, &sqlite_peak);
  g_print ("day sample: %5.1f min, %5u claims, RSS %.1f MiB, heap in use %.1f MiB"
           " (SQLite %.1f, peak %.1f), free %.1f MiB, outbox queued %" G_GINT64_FORMAT "\n",
           (g_get_monotonic_time () - start) / 60e6, claims, rss_mib (),
           (info.uordblks + info.hblkhd) / 1048576.0, sqlite_now / 1048576.0,
           sqlite_peak / 1048576.0, info.fordblks / 1048576.0, outbox_count (bench, "queued"));
}

/* A working day squeezed: new claims from the ID to saved, each proposed by the officer and
 * approved by the supervisor at the same workstation, the decisions synced by the context's
 * background worker, a few claims read and a search between them. */
static void
simulate_day (Bench *bench)
{
  g_autoptr(GPtrArray) people = sickness_claimants (bench, MAX (opt.day_people, 1));
  g_autoptr(GPtrArray) reading = spread_rows (bench->reader, "claims", "number", 50);
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (opt.day_minutes * 60 * G_USEC_PER_SEC);
  guint created = 0, proposed = 0, approved = 0, failed = 0;
  gint64 queued = outbox_count (bench, "queued");
  gint64 acknowledged = outbox_count (bench, "acknowledged");
  NewClaim nc = { NULL };

  cd_context_set_background_sync (bench->context, TRUE);
  for (guint i = 0; g_get_monotonic_time () < end && people->len > 0; i++)
    {
      g_autofree char *number = NULL;

      if (opt.day_sample > 0 && i % (guint) opt.day_sample == 0)
        day_sample (bench, i, start);
      open_new_claim_page (bench, &nc);
      if (!start_claim (&nc, people->pdata[i % people->len])
          || !gtk_widget_activate_action (GTK_WIDGET (nc.page), "new-claim.create", NULL)
          || !wait_for (has_claim, &nc, "the claim saved"))
        {
          failed++;
          wait_for (not_busy, &nc, "the page");
          back_to_list (bench);
          continue;
        }
      created++;
      number = claim_number (bench, cd_new_claim_page_get_claim_id (nc.page));
      if (number != NULL && act (bench, number, "claim.propose"))
        {
          proposed++;
          cd_context_set_session (bench->context, bench->supervisor);
          if (act (bench, number, "claim.approve"))
            approved++;
          cd_context_set_session (bench->context, bench->officer);
        }
      for (guint k = 0; k < 3; k++)
        open_claim (bench, reading->pdata[(i * 3 + k) % reading->len], NULL);
      back_to_list (bench);
    }
  day_sample (bench, created + failed, start);
  figure ("day: claims created / proposed / approved", "%u / %u / %u (%u failed) in %.1f min",
          created, proposed, approved, failed, opt.day_minutes);
  /* The store's own backlog goes out with the day's decisions, as in an office. */
  figure ("day: outbox queued at start / end", "%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT
          ", %" G_GINT64_FORMAT " acknowledged by central meanwhile", queued,
          outbox_count (bench, "queued"), outbox_count (bench, "acknowledged") - acknowledged);
}

static void
measure_memory_many (Bench *bench)
{
  g_autoptr(GPtrArray) numbers = spread_rows (bench->reader, "claims", "number", opt.open_many);

  for (guint i = 0; i < numbers->len; i++)
    open_claim (bench, numbers->pdata[i], NULL);
  back_to_list (bench);
  settle ();
  figure ("RSS after opening claims one after another", "%.1f MiB (%u claims, then the list)",
          rss_mib (), numbers->len);
  heap_figures ("after the claims");
}

/* ---- main ----------------------------------------------------------------------------------- */

/* The load averages over 1, 5 and 15 minutes, as text. */
static char *
read_load (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("unknown");
  fields = g_strsplit (text, " ", 4);
  if (g_strv_length (fields) < 3)
    return g_strdup ("unknown");
  return g_strdup_printf ("%s %s %s", fields[0], fields[1], fields[2]);
}

static void
remove_scratch (void)
{
  g_autofree char *dir = NULL;

  if (scratch == NULL)
    return;
  dir = g_path_get_dirname (scratch);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (scratch, (const char *[]) { "", "-wal", "-shm" }[i],
                                           NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
  g_clear_pointer (&scratch, g_free);
}

/* The application quits on SIGINT and SIGTERM, which does nothing here as it is not run: the bench
 * stops, and takes its copy of the store with it. */
static gboolean
on_stop_signal (gpointer user_data)
{
  g_printerr ("bench-responsive: stopped\n");
  remove_scratch ();
  exit (1);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt.runs, "First-frame runs of each window (5)", "N" },
    { "claims", 0, 0, G_OPTION_ARG_INT, &opt.claims, "Claims opened for the timing (200)", "N" },
    { "prefixes", 0, 0, G_OPTION_ARG_INT, &opt.prefixes, "Name prefixes searched (200)", "N" },
    { "edits", 0, 0, G_OPTION_ARG_INT, &opt.edits, "Fact edits evaluated (50)", "N" },
    { "open-many", 0, 0, G_OPTION_ARG_INT, &opt.open_many,
      "Claims opened one after another for the memory figure (500)", "N" },
    { "scroll-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &opt.scroll_seconds,
      "Seconds to scroll the list top to bottom (20)", "S" },
    { "day-minutes", 0, 0, G_OPTION_ARG_DOUBLE, &opt.day_minutes,
      "Length of the simulated day in minutes (1; 60 for the issue's figure)", "M" },
    { "day-people", 0, 0, G_OPTION_ARG_INT, &opt.day_people,
      "Claimants of the day, each given claims in turn (400)", "N" },
    { "day-sample", 0, 0, G_OPTION_ARG_INT, &opt.day_sample,
      "Print where the memory is every N claims of the day (100; 0: never)", "N" },
    { "in-place", 0, 0, G_OPTION_ARG_NONE, &opt.in_place,
      "Work on STORE itself, a scratch copy (it is written to)", NULL },
    { "quiet-outbox", 0, 0, G_OPTION_ARG_NONE, &opt.quiet_outbox,
      "Stop the outbox's background delivery until the day (the window's own cost)", NULL },
    { "skip-startup", 0, 0, G_OPTION_ARG_NONE, &opt.skip_startup,
      "Do not measure the first frame", NULL },
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &opt.app_path,
      "The claimdesk executable for the first frame (the build's)", "PATH" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &opt.only,
      "Measure only these after the sign-in: claims,scroll,search,evaluation,memory,day", "LIST" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("STORE");
  g_autoptr(GError) error = NULL;
  g_autofree char *store = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *load_at_start = NULL;
  g_autofree char *load_at_end = NULL;
  Bench bench = { NULL };

  /* As main() does, before any thread: the day's workers may still be verifying at the exit. */
  cd_malloc_limit_arenas ();
  cd_crypto_keep_at_exit ();
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message
                                        : "usage: bench-responsive [OPTION...] STORE");
      return 2;
    }
  if (opt.app_path == NULL)
    opt.app_path = g_strdup (BENCH_CLAIMDESK);
  /* As the gui suite runs: this build's data, gateway and schemas, settings kept in memory. */
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
  g_setenv ("CLAIMDESK_DATADIR", BENCH_DATADIR, FALSE);
  g_setenv ("CLAIMDESK_GATEWAY", BENCH_GATEWAY, FALSE);
  summary = g_string_new (NULL);

  store = opt.in_place ? g_strdup (argv[1]) : copy_store (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("bench-responsive: %s\n", error->message);
      return 1;
    }
  if (!opt.in_place)
    scratch = g_strdup (store);
  g_unix_signal_add (SIGINT, on_stop_signal, NULL);
  g_unix_signal_add (SIGTERM, on_stop_signal, NULL);
  load_at_start = read_load ();
  machine = g_strdup_printf ("%u cores, load %s at the start", g_get_num_processors (),
                             load_at_start);
  g_print ("%s on %s\n", argv[1], machine);

  if (!opt.skip_startup)
    measure_first_frame (store);

  /* The renderer the application itself would choose here (main() does the same), unless the
   * environment names one. */
  cd_renderer_apply ();
  gtk_init ();
  adw_init ();
  start_workstation (&bench, store);
  bench.window = cd_window_new (bench.app);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1280, 760);
  gtk_window_present (GTK_WINDOW (bench.window));
  wait_for (sign_in_page_idle, &bench, "the sign-in page");
  next_paint (GTK_WIDGET (bench.window));

  sign_in (&bench);
  if (opt.quiet_outbox)
    cd_context_set_background_sync (bench.context, FALSE);
  settle ();
  figure ("RSS after start, signed in, list drawn", "%.1f MiB", rss_mib ());
  heap_figures ("after start");
  if (measured ("claims"))
    measure_open_claims (&bench);
  if (measured ("scroll"))
    measure_scrolling (&bench);
  if (measured ("search"))
    measure_search (&bench);
  if (measured ("evaluation"))
    measure_evaluation (&bench);
  if (measured ("memory"))
    measure_memory_many (&bench);
  if (measured ("day"))
    {
      simulate_day (&bench);
      settle ();
      figure ("RSS after the simulated day", "%.1f MiB", rss_mib ());
      heap_figures ("after the day");
    }

  /* Which renderer GTK chose (GSK_RENDERER, or its own pick), and how busy the machine was. */
  load_at_end = read_load ();
  g_print ("\nSummary (%s; %s, %s at the end; renderer %s):\n\n"
           "| Figure | Measured |\n|---|---|\n%s", argv[1], machine, load_at_end,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (bench.window))),
           summary->str);

  gtk_window_destroy (GTK_WINDOW (bench.window));
  /* What the window's pages held, against what the rest of the process (the context, its
   * workers, SQLite) keeps: a claim that leaves objects behind outside the window shows here. */
  settle ();
  heap_figures ("after the window is closed");
  g_clear_object (&bench.officer);
  g_clear_object (&bench.supervisor);
  g_free (bench.queue);
  g_clear_object (&bench.reader);
  g_clear_object (&bench.demo);
  g_object_unref (bench.app);
  remove_scratch ();
  g_string_free (summary, TRUE);
  return 0;
}
