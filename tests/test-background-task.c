/* test-background-task.c — work nobody waits for runs at a lower CPU priority, and its result
 * still reaches the caller. */
#include "cd-background-task.h"

typedef struct
{
  GThread *caller;
  GThread *worker;
  int      worker_nice;
  gboolean done;
  char    *answer;
  GError  *error;
} Run;

static void
note_priority_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Run *run = task_data;

  run->worker = g_thread_self ();
  run->worker_nice = cd_background_task_thread_nice ();
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_strdup (source_object != NULL ? "with source" : "no source"),
                         g_free);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  g_assert_true (g_thread_self () == run->caller);
  run->answer = g_task_propagate_pointer (G_TASK (result), &run->error);
  run->done = TRUE;
}

static void
run_and_wait (Run          *run,
              GObject      *source,
              GCancellable *cancellable)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, on_done, run);

  run->caller = g_thread_self ();
  g_task_set_task_data (task, run, NULL);
  cd_background_task_run (task, note_priority_thread);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The work runs in another thread, CD_BACKGROUND_NICE_STEP lower than the caller (19 at most),
 * the caller's own priority stays, and the result comes back on the caller's main context. */
static void
test_lower_priority (void)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  int caller_nice = cd_background_task_thread_nice ();
  Run run = { NULL };

  run_and_wait (&run, source, NULL);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.answer, ==, "with source");
  g_assert_true (run.worker != run.caller);
  g_assert_cmpint (run.worker_nice, ==, MIN (caller_nice + CD_BACKGROUND_NICE_STEP, 19));
  g_assert_cmpint (cd_background_task_thread_nice (), ==, caller_nice);
  g_free (run.answer);
}

/* Each task gets a fresh thread: a second run starts from the process's priority again, not
 * from the first one's lowered value (a thread cannot raise itself back). */
static void
test_each_run_fresh (void)
{
  int caller_nice = cd_background_task_thread_nice ();

  for (guint i = 0; i < 3; i++)
    {
      Run run = { NULL };

      run_and_wait (&run, NULL, NULL);
      g_assert_no_error (run.error);
      g_assert_cmpstr (run.answer, ==, "no source");
      g_assert_cmpint (run.worker_nice, ==, MIN (caller_nice + CD_BACKGROUND_NICE_STEP, 19));
      g_free (run.answer);
    }
}

/* The task's cancellable reaches the work. */
static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { NULL };

  g_cancellable_cancel (cancellable);
  run_and_wait (&run, NULL, cancellable);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (run.answer);
  g_clear_error (&run.error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/background-task/lower-priority", test_lower_priority);
  g_test_add_func ("/background-task/each-run-fresh", test_each_run_fresh);
  g_test_add_func ("/background-task/cancelled", test_cancelled);
  return g_test_run ();
}
