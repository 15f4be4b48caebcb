/* cd-background-task.h — a GTask's work that nobody is waiting for, at a lower CPU priority.
 *
 * An office PC has two cores. The outbox delivering a backlog, a backup or the list learning where
 * its pages start must not take the CPU from the window the officer is scrolling: the work runs in
 * a thread of its own whose "nice" value is raised, so the scheduler gives the main thread (and
 * the display server) the cores first and the background work whatever is left. On an idle machine
 * it runs as fast as before.
 *
 * A thread of its own, not GLib's shared pool: Linux lets a thread lower its own priority but not
 * raise it back, and a pool thread is later handed work someone is waiting for.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How much lower than the process the background threads run (the `nice` increment). */
#define CD_BACKGROUND_NICE_STEP 10

/* As g_task_run_in_thread (): `func` runs with the task's source object, task data and
 * cancellable, in a new thread at a lower priority, and returns the task's result itself; the
 * callback is called in the task's main context as usual. If no thread can be started, the work
 * runs in GLib's pool instead. */
void cd_background_task_run            (GTask           *task,
                                        GTaskThreadFunc  func);

/* The calling thread's nice value, as the scheduler sees it (for tests and diagnostics). */
int  cd_background_task_thread_nice    (void);

G_END_DECLS
