/* test-util.h — small helpers shared by the test programs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh directory under the system temp dir, removed (with its contents) by test_tmpdir_free. */
char *test_tmpdir_new  (void);
void  test_tmpdir_free (char *path);

/* Runs argv (argv[0] looked up as is) with no stdin; returns the exit status and fills the outputs. */
int   test_run         (const char * const  *argv,
                        char               **out_stdout,
                        char               **out_stderr);

/* Scribbles over 8 pages of an SQLite file from `first_page` on, keeping its header: the file still
 * opens, and quick_check must notice. */
void  test_damage_pages (const char         *path,
                         gsize               first_page);

/* Counts the lines of a string (a trailing newline does not start a line). */
guint test_count_lines (const char          *text);

G_END_DECLS
