/* cd-office-store.c — the workstation outside the demo: the office store.
 *
 * The store is the file --db names, else the one an administrator set (the store-path setting),
 * else $XDG_DATA_HOME/claimdesk/office.db. The workstation takes its lock first (one window per
 * store, cd-store-lock.h). A store that exists is read at once (the list through a reader, before
 * the first frame) and its writer opened once the window has been drawn; a store that does not
 * exist yet, or that an earlier release left, is made or migrated off the main loop while the
 * window says so, and only then shown. Its integrity check runs in the background either way
 * (cd_database_check_async: every page is read, seconds on a large store). Whatever goes wrong is said in a dialog that names the file; a damaged file names
 * the restore command too.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "cd-application-private.h"
#include "cd-data-dir.h"

static char *
office_store_path (CdApplication *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "store-path");

  if (self->db_path != NULL)
    return g_strdup (self->db_path);
  if (setting[0] != '\0')
    return g_steal_pointer (&setting);
  return cd_data_dir_office_store ();
}

/* Said twice: in a dialog to act on, and in place of the list that cannot be shown. */
static void
fail (CdApplication *self,
      const char    *heading,
      const char    *message)
{
  g_printerr ("claimdesk: %s\n", message);
  if (self->main_window != NULL)
    cd_claim_list_show_error (cd_window_get_claim_list (self->main_window), message);
  cd_application_show_error (self, heading, message);
}

static void
on_store_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CdApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (cd_context_open_database_finish (CD_CONTEXT (object), result, &error)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  fail (self, _("The Office Store Could Not Be Opened"), error->message);
}

static void
open_writer (CdApplication *self)
{
  cd_context_open_database_async (self->context, self->cancellable, on_store_opened,
                                  g_object_ref (self));
}

/* A store an earlier release left: migrated (by the writer, off the main loop) before the list's
 * readers, which refuse an earlier schema, are let at it. Any other trouble opening it is left
 * to the writer's open, which says why. */
static gboolean
store_is_behind (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (path, &error);

  return g_error_matches (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_BEHIND);
}

static void
on_store_damaged (CdApplication *self,
                  const char    *message)
{
  cd_application_show_error (self, _("The Office Store Is Damaged"), message);
}

void
cd_application_open_office_store (CdApplication *self,
                                  CdWindow      *window)
{
  g_autofree char *path = office_store_path (self);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  gboolean exists;

  if (self->store_lock != NULL)
    return;
  /* The office's own store is backed up daily once its writer is open (never the demo's). */
  cd_context_set_background_backups (self->context, TRUE);
  g_signal_connect_object (self->context, "database-damaged", G_CALLBACK (on_store_damaged),
                           self, G_CONNECT_SWAPPED);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *message = g_strdup_printf (_("Cannot make the folder %s: %s"), folder,
                                                  g_strerror (saved));

      fail (self, _("The Office Store Could Not Be Opened"), message);
      return;
    }
  self->store_lock = cd_store_lock_acquire (path, &error);
  if (self->store_lock == NULL)
    {
      fail (self, g_error_matches (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_IN_USE)
                  ? _("The Office Store Is in Use") : _("The Office Store Could Not Be Opened"),
            error->message);
      return;
    }

  exists = g_file_test (path, G_FILE_TEST_IS_REGULAR);
  if (exists && !store_is_behind (path))
    {
      /* Read at once; written once the window has been drawn. */
      cd_context_set_db_path (self->context, path);
      cd_application_after_first_frame (self, open_writer);
      return;
    }
  /* The first run, or the first after an upgrade: made or migrated before anything reads it. */
  cd_window_show_progress (window, exists ? _("Updating the Office Store…")
                                          : _("Creating the Office Store…"), -1);
  cd_context_open_database_at_async (self->context, path, self->cancellable, on_store_opened,
                                     g_object_ref (self));
}

void
cd_application_close_office_store (CdApplication *self)
{
  g_clear_pointer (&self->store_lock, cd_store_lock_release);
}
