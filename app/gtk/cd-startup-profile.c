/* cd-startup-profile.c — how long the workstation takes to show itself, and the work that waits
 * for its first frame.
 *
 * --profile-startup prints the main window's first frame in milliseconds since the process
 * started (and, on stderr, when the claim list was drawn with the demo officer signed in);
 * --profile-startup-bare prints the same for an empty AdwApplicationWindow, the yardstick.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cd-application-private.h"

/* From the kernel's record of the process's start (jiffies, so to 10 ms). */
double
cd_startup_ms_since_start (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;
  struct timespec now;
  long ticks = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || (end = strrchr (stat, ')')) == NULL || ticks <= 0
      || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  /* After the command name come the fields from the third on; starttime is the 22nd. */
  fields = g_strsplit (end + 2, " ", -1);
  if (g_strv_length (fields) < 20)
    return -1;
  return (double) now.tv_sec * 1000.0 + (double) now.tv_nsec / 1e6
         - (double) g_ascii_strtoull (fields[19], NULL, 10) * 1000.0 / (double) ticks;
}

void
cd_application_watch_next_paint (CdApplication *self,
                                 GtkWidget     *window,
                                 GCallback      callback)
{
  g_assert (self->after_paint_id == 0);
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (window));
  self->after_paint_id = g_signal_connect_swapped (self->frame_clock, "after-paint", callback,
                                                   self);
  gtk_widget_queue_draw (window);
}

void
cd_application_stop_watching_paint (CdApplication *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

static void
on_bare_painted (CdApplication *self)
{
  cd_application_stop_watching_paint (self);
  g_print ("%.0f\n", cd_startup_ms_since_start ());
  cd_application_quit_with_status (self, 0);
}

/* Runs `work` once the main window has drawn its first frame (at once if it has): the demo's
 * writer, its gateway and the Argon2id of a demo sign-in would otherwise share the two cores with
 * the first frame. */
void
cd_application_after_first_frame (CdApplication *self,
                                  CdAfterFrame   work)
{
  if (self->first_frame_ms > 0)
    work (self);
  else
    g_ptr_array_add (self->after_first_frame, (gpointer) work);
}

static gboolean
run_after_first_frame (gpointer user_data)
{
  CdApplication *self = user_data;

  for (guint i = 0; i < self->after_first_frame->len; i++)
    ((CdAfterFrame) g_ptr_array_index (self->after_first_frame, i)) (self);
  g_ptr_array_set_size (self->after_first_frame, 0);
  return G_SOURCE_REMOVE;
}

/* --profile-startup's figure: the main window's first frame, whatever it shows (the sign-in page).
 */
static void
on_main_first_paint (GdkFrameClock *clock,
                     CdApplication *self)
{
  self->first_frame_ms = cd_startup_ms_since_start ();
  g_clear_signal_handler (&self->first_frame_id, clock);
  g_idle_add_full (G_PRIORITY_LOW, run_after_first_frame, g_object_ref (self), g_object_unref);
}

static void
on_main_realized (GtkWidget     *window,
                  CdApplication *self)
{
  self->first_frame_id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                           G_CALLBACK (on_main_first_paint), self);
}

static void
on_bare_realized (GtkWidget     *window,
                  CdApplication *self)
{
  cd_application_watch_next_paint (self, window, G_CALLBACK (on_bare_painted));
}

void
cd_application_watch_first_frame (CdApplication *self,
                                  CdWindow      *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (on_main_realized), self);
}

void
cd_application_present_bare_window (CdApplication *self)
{
  GtkWidget *bare = adw_application_window_new (GTK_APPLICATION (self));

  gtk_window_set_default_size (GTK_WINDOW (bare), 1280, 760);
  g_signal_connect (bare, "realize", G_CALLBACK (on_bare_realized), self);
  gtk_window_present (GTK_WINDOW (bare));
}

void
cd_application_report_startup (CdApplication *self)
{
  g_autofree char *detail = NULL;

  /* stdout: the first frame of the main window, as the bare window is measured; stderr: when the
   * claim list itself was drawn, the demo officer's sign-in (Argon2id) included. */
  g_print ("%.0f\n", self->first_frame_ms);
  detail = g_strdup_printf (_("first frame after %.0f ms; the claim list drawn, signed in, after "
                              "%.0f ms"), self->first_frame_ms, cd_startup_ms_since_start ());
  g_printerr ("claimdesk: %s\n", detail);
  cd_application_quit_with_status (self, 0);
}
