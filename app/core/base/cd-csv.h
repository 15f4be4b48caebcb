/* cd-csv.h — comma-separated text as the office's spreadsheets read it.
 *
 * RFC 4180: fields separated by commas, CRLF at the end of every line, a field quoted only when it
 * holds a comma, a quote or a line break, quotes doubled inside. A file starts with the UTF-8 byte
 * order mark, without which Excel reads Vietnamese as Windows-1252 ("Nguyá»…n"). A text field that
 * came from outside the office and starts with =, +, - or @ can be guarded with an apostrophe, so
 * a spreadsheet shows it instead of running it as a formula.
 *
 * Every CSV the workstation writes goes through here: the decision list and its payments (letters),
 * the payout list for the bank (workflow) and any list on screen exported as a CdCsvTable.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_CSV_BOM "\xEF\xBB\xBF"

#define CD_CSV_ERROR (cd_csv_error_quark ())

typedef enum
{
  CD_CSV_ERROR_WRITE,    /* the file could not be written */
} CdCsvError;

GQuark cd_csv_error_quark (void);

typedef enum
{
  CD_CSV_PLAIN         = 0,
  CD_CSV_GUARD_FORMULA = 1 << 0,   /* a leading =, +, -, @ gets an apostrophe before it */
} CdCsvFlags;

/* Appends `text` (NULL: an empty field) quoted as RFC 4180 needs; no separator. */
void         cd_csv_append_field     (GString            *out,
                                      const char         *text,
                                      CdCsvFlags          flags);
/* Appends `n_fields` fields separated by commas, then CRLF. */
void         cd_csv_append_row       (GString            *out,
                                      const char * const *fields,
                                      guint               n_fields,
                                      CdCsvFlags          flags);

/* A list as shown on screen, to export or print: a title, the column headers and the rows, each
 * a NULL-terminated array of as many texts as there are columns. */
typedef struct
{
  char      *title;
  GStrv      columns;
  GPtrArray *rows;       /* GStrv */
} CdCsvTable;

CdCsvTable  *cd_csv_table_new        (const char         *title,
                                      const char * const *columns);
void         cd_csv_table_free       (CdCsvTable         *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCsvTable, cd_csv_table_free)
guint        cd_csv_table_get_n_columns (const CdCsvTable *table);
/* Adds a row of cd_csv_table_get_n_columns texts (a NULL text is an empty cell). */
void         cd_csv_table_add_row    (CdCsvTable         *table,
                                      const char * const *cells);
/* Adds a row taking the array (GStrv of exactly the columns' count). */
void         cd_csv_table_take_row   (CdCsvTable         *table,
                                      GStrv               cells);
/* The BOM, the header line, then a line per row; every text field guarded against formulas. */
char        *cd_csv_table_to_string  (const CdCsvTable   *table,
                                      gsize              *length);
/* Writes cd_csv_table_to_string to `path` atomically (a file either complete or as it was). */
gboolean     cd_csv_table_write      (const CdCsvTable   *table,
                                      const char         *path,
                                      GError            **error);

G_END_DECLS
