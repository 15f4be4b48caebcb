/* cd-background-task.c — background work in a thread of its own, at a lower CPU priority. */
#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cd-background-task.h"

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} BackgroundJob;

/* On Linux, PRIO_PROCESS with a thread id sets that one thread's nice value (a documented
 * departure from POSIX, which names the whole process). */
static pid_t
own_thread_id (void)
{
  return (pid_t) syscall (SYS_gettid);
}

int
cd_background_task_thread_nice (void)
{
  errno = 0;
  return getpriority (PRIO_PROCESS, (id_t) own_thread_id ());
}

static void
lower_own_priority (void)
{
  int nice = cd_background_task_thread_nice ();

  /* Failing to lower it only costs responsiveness: the work still runs. */
  if (setpriority (PRIO_PROCESS, (id_t) own_thread_id (),
                   MIN (nice + CD_BACKGROUND_NICE_STEP, 19)) != 0)
    g_debug ("Could not lower the priority of a background thread: %s", g_strerror (errno));
}

static gpointer
background_thread (gpointer data)
{
  BackgroundJob *job = data;

  lower_own_priority ();
  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
  return NULL;
}

void
cd_background_task_run (GTask           *task,
                        GTaskThreadFunc  func)
{
  g_autoptr(GError) error = NULL;
  BackgroundJob *job;
  GThread *thread;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  job = g_new0 (BackgroundJob, 1);
  job->task = g_object_ref (task);
  job->func = func;
  thread = g_thread_try_new ("cd-background", background_thread, job, &error);
  if (thread == NULL)
    {
      g_warning ("Could not start a background thread, using the shared pool: %s",
                 error->message);
      g_object_unref (job->task);
      g_free (job);
      g_task_run_in_thread (task, func);
      return;
    }
  /* Nobody joins it: the task's callback is how its end is known. */
  g_thread_unref (thread);
}
