/* cd-period-read.h — a period's oversight figures read off the main loop.
 *
 * The deadline report and the office statistics (cd-deadline-report.h, cd-office-stats.h) each
 * read the figures of [from, to] as of `today` for the office or one officer, with the rule
 * pack's calendar. Off the main loop they do it the same way: whose figures a session sees is
 * settled in the calling thread (a session belongs to the main context), then a worker thread
 * opens a reader connection of its own and runs the module's read. This is that worker.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"
#include "cd-rule-pack.h"

G_BEGIN_DECLS

/* What one read covers; the strings and the pack belong to the job. */
typedef struct
{
  char       *db_path;
  CdRulePack *pack;
  gint64      officer_id;     /* 0: the office */
  char       *officer_login;  /* NULL for the office */
  CdDay       from;
  CdDay       to;
  CdDay       today;
} CdPeriodRead;

/* The module's read on the worker's reader: the figures (owned) or NULL with the error. */
typedef gpointer (*CdPeriodReadFunc) (CdDatabase          *reader,
                                      const CdPeriodRead  *job,
                                      GCancellable        *cancellable,
                                      GError             **error);

/* Runs `read` for the period in a worker thread of `task` (made by the module's _async with its
 * source tag and callback); the task returns the figures, freed with `free_result`. */
void cd_period_read_run (GTask            *task,
                         const char       *db_path,
                         CdRulePack       *pack,
                         gint64            officer_id,
                         const char       *officer_login,
                         CdDay             from,
                         CdDay             to,
                         CdDay             today,
                         CdPeriodReadFunc  read,
                         GDestroyNotify    free_result);

G_END_DECLS
