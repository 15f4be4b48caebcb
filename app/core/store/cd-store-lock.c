/* cd-store-lock.c — one workstation window per office store. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cd-database.h"
#include "cd-store-lock.h"

struct _CdStoreLock
{
  int   fd;
  char *path;
};

/* The process that holds the lock wrote its id into the file. */
static char *
read_holder (int fd)
{
  char buffer[32] = { 0 };
  ssize_t n = pread (fd, buffer, sizeof buffer - 1, 0);

  if (n <= 0)
    return NULL;
  return g_strstrip (g_strndup (buffer, (gsize) n));
}

CdStoreLock *
cd_store_lock_acquire (const char  *db_path,
                       GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *pid = NULL;
  CdStoreLock *lock;
  int fd;

  g_return_val_if_fail (db_path != NULL, NULL);

  path = g_strconcat (db_path, ".lock", NULL);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                   _("Cannot open %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      g_autofree char *holder = saved == EWOULDBLOCK ? read_holder (fd) : NULL;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_IN_USE,
                     _("The office store %s is open in another ClaimDesk window (process %s); "
                       "use that window, or close it first."),
                     db_path, holder != NULL && *holder != '\0' ? holder : "?");
      else
        g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                     _("Cannot lock %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, pid, strlen (pid), 0) < 0)
    g_debug ("Could not write the holder's process id into %s: %s", path, g_strerror (errno));

  lock = g_new0 (CdStoreLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);
  return lock;
}

void
cd_store_lock_release (CdStoreLock *lock)
{
  if (lock == NULL)
    return;
  /* The file stays: removing it would race with the next window taking it. */
  if (ftruncate (lock->fd, 0) != 0)
    g_debug ("Could not clear %s: %s", lock->path, g_strerror (errno));
  close (lock->fd);
  g_free (lock->path);
  g_free (lock);
}
