/* cd-claim-rows.h — the rows and formats the claim view's sections share.
 *
 * Every section shows facts as rows of a boxed list: a property (title, value below), an expander
 * with details inside, a value on the right. Times are stored in UTC and shown in local time.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Removes every row; the placeholder stays. */
/* What an empty list says instead of rows. */
void       cd_claim_rows_set_placeholder (GtkListBox *list,
                                          const char *text);
/* An AdwActionRow, text as is (never markup); the subtitle wraps. */
GtkWidget *cd_claim_rows_action_row      (const char *title,
                                          const char *subtitle);
/* An AdwExpanderRow, text as is. */
GtkWidget *cd_claim_rows_expander_row    (const char *title,
                                          const char *subtitle);
/* A label for the end of a row: a value, a badge (`css_class`: success, error, numeric…). */
GtkWidget *cd_claim_rows_suffix_label    (const char *text,
                                          const char *css_class);
/* A fact of the claim: its name, its value below; nothing when there is no value. */
void       cd_claim_rows_add_property    (GtkListBox *list,
                                          const char *title,
                                          const char *value);
/* YYYY-MM-DD as 20/11/2026 (as given if unreadable, "" for NULL). */
char      *cd_claim_rows_format_date     (const char *iso);
/* A stored UTC timestamp as the officer reads it: local time, 20/11/2026 14:05. */
char      *cd_claim_rows_format_time     (const char *iso);

G_END_DECLS
