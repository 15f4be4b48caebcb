/* cd-window-session.c — sign-in, lock, idle lock and sign-out.
 *
 * The signed-in session is the context's: the sign-in page proves a password and the window puts
 * the session in the context; every page follows the context from there. The window shows the
 * sign-in page while nobody is signed in, the unlock form while the session is locked, and the
 * work otherwise.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-demo-accounts.h"
#include "cd-seed.h"
#include "cd-window-private.h"

#define IDLE_CHECK_SECONDS 15
#define INPUT_NOTE_INTERVAL_USEC (5 * G_USEC_PER_SEC)

static GMenuModel *
build_user_menu (CdSession *session)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) who = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autofree char *label = g_strdup_printf ("%s — %s", cd_session_get_full_name (session),
                                            cd_role_get_label (cd_session_get_role (session)));

  /* An item without an action shows who is signed in, greyed, as GNOME apps do. */
  g_menu_append (who, label, NULL);
  g_menu_append (actions, _("_Lock"), "win.lock");
  g_menu_append (actions, _("_Sign Out"), "win.sign-out");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (who));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* The one place that shows the sign-in page or the work, from the session and its lock. */
static void
update_for_session (CdWindow *self)
{
  gboolean signed_in = self->session != NULL;
  gboolean locked = signed_in && cd_session_get_locked (self->session);

  cd_window_update_actions (self);
  if (!signed_in)
    {
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
      cd_sign_in_page_reset (self->sign_in_page);
      return;
    }
  if (locked)
    {
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
      cd_sign_in_page_show_unlock (self->sign_in_page, cd_session_get_login (self->session),
                                   cd_session_get_full_name (self->session));
      return;
    }
  /* Focus leaves the form first: a focused entry that is hidden complains (and keeps a caret). */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "work") != 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "work");
      gtk_widget_grab_focus (GTK_WIDGET (self->claim_list));
    }
}

static void
on_session_locked (CdWindow   *self,
                   GParamSpec *pspec,
                   CdSession  *session)
{
  update_for_session (self);
}

static gboolean
on_idle_check (gpointer user_data)
{
  CdWindow *self = user_data;

  if (self->session != NULL)
    cd_session_check_idle (self->session, g_get_monotonic_time ());
  return G_SOURCE_CONTINUE;
}

void
cd_window_follow_session (CdWindow *self)
{
  CdSession *session = cd_context_get_session (self->context);

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_session_locked, self);
  g_set_object (&self->session, session);
  g_clear_handle_id (&self->idle_timeout, g_source_remove);
  if (session != NULL)
    {
      g_autoptr(GMenuModel) menu = build_user_menu (session);

      g_signal_connect_object (session, "notify::locked", G_CALLBACK (on_session_locked), self,
                               G_CONNECT_SWAPPED);
      gtk_menu_button_set_menu_model (self->user_menu_button, menu);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_menu_button),
                                   cd_session_get_full_name (session));
      self->idle_timeout = g_timeout_add_seconds (IDLE_CHECK_SECONDS, on_idle_check, self);
    }
  update_for_session (self);
}

static void
on_signed_in (CdWindow     *self,
              CdSession    *session,
              CdSignInPage *page)
{
  g_autoptr(GError) error = NULL;

  /* The proof of an unlock: the same user again, the session goes on where it was. */
  if (self->session != NULL && cd_session_get_locked (self->session))
    {
      if (!cd_session_unlock_with (self->session, session, &error))
        cd_window_add_toast (self, error->message);
      return;
    }
  cd_context_set_session (self->context, session);
}

static void
sign_out (CdWindow *self)
{
  /* Anything still holding the session (a page, a job) finds it locked from now on. */
  if (self->session != NULL)
    cd_session_lock (self->session);
  cd_context_set_session (self->context, NULL);
}

static void
on_sign_out_requested (CdWindow     *self,
                       CdSignInPage *page)
{
  sign_out (self);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  if (self->session != NULL)
    cd_session_lock (self->session);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  sign_out (CD_WINDOW (widget));
}

/* Any key or click is activity; noted at most every few seconds so typing costs nothing. */
static gboolean
on_any_input (CdWindow *self,
              GdkEvent *event)
{
  GdkEventType type = gdk_event_get_event_type (event);
  gint64 now;

  if (self->session == NULL || cd_session_get_locked (self->session)
      || (type != GDK_KEY_PRESS && type != GDK_BUTTON_PRESS && type != GDK_SCROLL))
    return GDK_EVENT_PROPAGATE;
  now = g_get_monotonic_time ();
  if (now - self->last_input >= INPUT_NOTE_INTERVAL_USEC)
    {
      self->last_input = now;
      /* The session locked just now: this key or click was for the work, not the lock screen. */
      if (!cd_session_begin_action (self->session, NULL))
        return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

void
cd_window_session_store_changed (CdWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (CD_IS_APPLICATION (app) && cd_application_get_demo (CD_APPLICATION (app)))
    {
      g_autofree char *hint =
        g_strdup_printf (_("Demo accounts, all with the password “%s”: cb01 (officer), gs01 and "
                           "gs02 (supervisors), %s (office head), %s (administrator)."),
                         CD_DEMO_PASSWORD, CD_SEED_HEAD_LOGIN, CD_DEMO_ADMIN_LOGIN);

      cd_sign_in_page_set_hint (self->sign_in_page, hint);
    }
}

void
cd_window_accounts_changed (CdWindow *self)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  if (self->session == NULL)
    cd_sign_in_page_recheck (self->sign_in_page);
}

CdSession *
cd_window_get_session (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->session;
}

GtkWidget *
cd_window_get_sign_in_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sign_in_page);
}

/* ---- the work page laid out while the password is typed ------------------------------------ */

/* GtkStack measures and allocates only the page on show, so the work page (sidebar, header bars,
 * the list's toolbar and columns) used to be styled, measured and allocated for the first time in
 * the frame after the password check (a profile of the sign-in on the million-claim store: 28 ms
 * measuring it, much of 55 ms allocating it). Done once here instead, while the officer types,
 * on the window's size; at the sign-in GTK finds the sizes unchanged and only the list's rows are
 * left to make. Nothing of the officer's work is in it: the list gets its model when it is
 * mapped, after the sign-in. */
static gboolean
lay_out_work_page (gpointer user_data)
{
  CdWindow *self = user_data;
  GtkWidget *stack = GTK_WIDGET (self->main_stack);
  GtkWidget *work = gtk_stack_get_child_by_name (self->main_stack, "work");
  int width = gtk_widget_get_width (stack);
  int height = gtk_widget_get_height (stack);
  int min_width, min_height;

  self->work_layout_idle = 0;
  if (work == NULL || gtk_widget_get_mapped (work) || width <= 0 || height <= 0)
    return G_SOURCE_REMOVE;
  gtk_widget_measure (work, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (work, GTK_ORIENTATION_VERTICAL, MAX (width, min_width), &min_height, NULL,
                      NULL, NULL);
  /* The stack would give it the same: its whole allocation, at its origin. */
  gtk_widget_allocate (work, MAX (width, min_width), MAX (height, min_height), -1, NULL);
  return G_SOURCE_REMOVE;
}

static void
stop_watching_first_paint (CdWindow *self);

/* After the first frame, not before it: the sign-in page is what has to appear at once. */
static void
on_first_paint (GdkFrameClock *clock,
                CdWindow      *self)
{
  stop_watching_first_paint (self);
  if (self->session == NULL && self->work_layout_idle == 0)
    self->work_layout_idle = g_idle_add_full (G_PRIORITY_LOW, lay_out_work_page, self, NULL);
}

static void
stop_watching_first_paint (CdWindow *self)
{
  if (self->first_paint_clock != NULL)
    g_signal_handlers_disconnect_by_func (self->first_paint_clock, on_first_paint, self);
  g_clear_weak_pointer (&self->first_paint_clock);
}

static void
on_window_mapped (CdWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || self->first_paint_clock != NULL || self->session != NULL)
    return;
  g_set_weak_pointer (&self->first_paint_clock, clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_paint), self);
}

void
cd_window_session_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SUPER_MASK,
                                       "win.lock", NULL);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
}

void
cd_window_session_init (CdWindow *self)
{
  /* Capture phase: seen before any widget handles the event. */
  GtkEventController *input = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect_object (input, "event", G_CALLBACK (on_any_input), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), input);
  g_signal_connect (self, "map", G_CALLBACK (on_window_mapped), NULL);
  update_for_session (self);
}

void
cd_window_session_dispose (CdWindow *self)
{
  g_clear_handle_id (&self->idle_timeout, g_source_remove);
  g_clear_handle_id (&self->work_layout_idle, g_source_remove);
  stop_watching_first_paint (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_session_locked, self);
  g_clear_object (&self->session);
}
