/* cd-session.c — who is working now, their role, and the idle lock. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-session.h"

G_DEFINE_QUARK (cd-users-error-quark, cd_users_error)

static const char * const role_names[] = { "officer", "supervisor", "admin", "head" };
static const char * const role_labels[] = { N_("Officer"), N_("Supervisor"), N_("Administrator"),
                                            N_("Office Head") };
G_STATIC_ASSERT (G_N_ELEMENTS (role_names) == CD_ROLE_LAST + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (role_labels) == CD_ROLE_LAST + 1);

const char *
cd_role_to_string (CdRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
cd_role_from_string (const char *name,
                     CdRole     *out)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (name, role_names[i]))
      {
        *out = (CdRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cd_role_get_label (CdRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_labels), NULL);
  return _(role_labels[role]);
}

struct _CdSession
{
  GObject  parent_instance;
  gint64   user_id;
  char    *login;
  char    *full_name;
  CdRole   role;

  /* Workers act with the session too (each workflow call begins an action), so the two fields
   * that change are guarded, and "notify::locked" is always emitted on the main context, where the
   * UI that follows it lives. */
  GMutex   lock;
  guint    idle_lock_minutes;  /* 0: never */
  gint64   last_activity;
  gboolean locked;
  gboolean must_change_password;  /* a one-time password: nothing else until it is changed */
};

G_DEFINE_FINAL_TYPE (CdSession, cd_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cd_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CdSession *self = CD_SESSION (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      g_value_set_boolean (value, cd_session_get_locked (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_session_finalize (GObject *object)
{
  CdSession *self = CD_SESSION (object);

  g_free (self->login);
  g_free (self->full_name);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cd_session_parent_class)->finalize (object);
}

static void
cd_session_class_init (CdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cd_session_get_property;
  object_class->finalize = cd_session_finalize;

  /* The UI binds its lock screen to this. */
  properties[PROP_LOCKED] = g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

CdSession *
cd_session_new (gint64      user_id,
                const char *login,
                const char *full_name,
                CdRole      role,
                guint       idle_lock_minutes)
{
  CdSession *self;

  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail ((guint) role <= CD_ROLE_LAST, NULL);

  self = g_object_new (CD_TYPE_SESSION, NULL);
  self->user_id = user_id;
  self->login = g_strdup (login);
  self->full_name = g_strdup (full_name);
  self->role = role;
  self->idle_lock_minutes = idle_lock_minutes;
  return self;
}

static void
cd_session_init (CdSession *self)
{
  g_mutex_init (&self->lock);
  self->last_activity = g_get_monotonic_time ();
}

gint64
cd_session_get_user_id (CdSession *self)
{
  g_return_val_if_fail (CD_IS_SESSION (self), 0);
  return self->user_id;
}

const char *
cd_session_get_login (CdSession *self)
{
  g_return_val_if_fail (CD_IS_SESSION (self), NULL);
  return self->login;
}

const char *
cd_session_get_full_name (CdSession *self)
{
  g_return_val_if_fail (CD_IS_SESSION (self), NULL);
  return self->full_name;
}

CdRole
cd_session_get_role (CdSession *self)
{
  g_return_val_if_fail (CD_IS_SESSION (self), CD_ROLE_OFFICER);
  return self->role;
}

gboolean
cd_session_get_locked (CdSession *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CD_IS_SESSION (self), TRUE);
  locker = g_mutex_locker_new (&self->lock);
  return self->locked;
}

gint64
cd_session_get_last_activity (CdSession *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CD_IS_SESSION (self), 0);
  locker = g_mutex_locker_new (&self->lock);
  return self->last_activity;
}

guint
cd_session_get_idle_lock_minutes (CdSession *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CD_IS_SESSION (self), 0);
  locker = g_mutex_locker_new (&self->lock);
  return self->idle_lock_minutes;
}

void
cd_session_set_idle_lock_minutes (CdSession *self,
                                  guint      minutes)
{
  g_return_if_fail (CD_IS_SESSION (self));

  g_mutex_lock (&self->lock);
  self->idle_lock_minutes = minutes;
  g_mutex_unlock (&self->lock);
}

static gboolean
notify_locked_idle (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_LOCKED]);
  return G_SOURCE_REMOVE;
}

/* On the main context: at once when this thread may run it (the UI's thread, or a program with no
 * loop), else queued there, so a worker that locks the session never runs UI handlers itself. */
static void
notify_locked (CdSession *self)
{
  GMainContext *context = g_main_context_default ();

  if (g_main_context_acquire (context))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
      g_main_context_release (context);
    }
  else
    g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, notify_locked_idle,
                                g_object_ref (self), g_object_unref);
}

/* Called with self->lock held; returns whether the state changed (notify after unlocking). */
static gboolean
set_locked_unlocked (CdSession *self,
                     gboolean   locked)
{
  if (self->locked == locked)
    return FALSE;
  self->locked = locked;
  return TRUE;
}

static void
set_locked (CdSession *self,
            gboolean   locked)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = set_locked_unlocked (self, locked);
  g_mutex_unlock (&self->lock);
  if (changed)
    notify_locked (self);
}

void
cd_session_lock (CdSession *self)
{
  g_return_if_fail (CD_IS_SESSION (self));
  set_locked (self, TRUE);
}

/* With self->lock held: locks if idle too long at `now`; returns the locked state and whether it
 * just changed. */
static gboolean
check_idle_unlocked (CdSession *self,
                     gint64     now,
                     gboolean  *changed)
{
  *changed = FALSE;
  if (self->idle_lock_minutes > 0
      && now - self->last_activity >= (gint64) self->idle_lock_minutes * 60 * G_USEC_PER_SEC)
    *changed = set_locked_unlocked (self, TRUE);
  return self->locked;
}

gboolean
cd_session_check_idle (CdSession *self,
                       gint64     now)
{
  gboolean locked, changed;

  g_return_val_if_fail (CD_IS_SESSION (self), TRUE);

  g_mutex_lock (&self->lock);
  locked = check_idle_unlocked (self, now, &changed);
  g_mutex_unlock (&self->lock);
  if (changed)
    notify_locked (self);
  return locked;
}

gboolean
cd_session_begin_action (CdSession  *self,
                         GError    **error)
{
  gint64 now = g_get_monotonic_time ();
  gboolean locked, changed;

  g_return_val_if_fail (CD_IS_SESSION (self), FALSE);

  g_mutex_lock (&self->lock);
  locked = check_idle_unlocked (self, now, &changed);
  if (!locked)
    self->last_activity = now;
  g_mutex_unlock (&self->lock);
  if (changed)
    notify_locked (self);
  if (locked)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_LOCKED,
                   _("The session of %s is locked; enter the password to go on."), self->login);
      return FALSE;
    }
  if (cd_session_get_must_change_password (self))
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_MUST_CHANGE_PASSWORD,
                   _("%s signed in with a one-time password; choose a new password first."),
                   self->login);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_session_get_must_change_password (CdSession *self)
{
  gboolean must;

  g_return_val_if_fail (CD_IS_SESSION (self), FALSE);
  g_mutex_lock (&self->lock);
  must = self->must_change_password;
  g_mutex_unlock (&self->lock);
  return must;
}

void
cd_session_set_must_change_password (CdSession *self,
                                     gboolean   must)
{
  g_return_if_fail (CD_IS_SESSION (self));
  g_mutex_lock (&self->lock);
  self->must_change_password = must;
  g_mutex_unlock (&self->lock);
}

gboolean
cd_session_require_role (CdSession   *self,
                         guint        roles,
                         const char  *what,
                         GError     **error)
{
  if (!cd_session_begin_action (self, error))
    return FALSE;
  if ((roles & CD_ROLE_BIT (self->role)) == 0)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED,
                   _("%s (%s) may not %s."), self->login, cd_role_get_label (self->role), what);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_session_unlock_with (CdSession  *self,
                        CdSession  *proof,
                        GError    **error)
{
  g_return_val_if_fail (CD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (CD_IS_SESSION (proof), FALSE);

  if (proof->user_id != self->user_id)
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_SIGN_IN_FAILED,
                   _("The login or the password is wrong."));
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  self->last_activity = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
  set_locked (self, FALSE);
  return TRUE;
}
