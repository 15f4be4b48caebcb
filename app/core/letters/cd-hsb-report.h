/* cd-hsb-report.h — the agency's quarterly statistics forms 22A-HSB and 22B-HSB (issue 18).
 *
 * VSS asks each office, every quarter, for the statistics of the people it decided sickness
 * benefits for (Mẫu 22A-HSB) and maternity benefits for (Mẫu 22B-HSB): rows by workplace type, by
 * age band and by sub-benefit, and for each row, men and women apart, the turns (lượt người), their
 * average age, average years of contribution, average benefit salary, average days per turn and
 * the total amount. This module counts them from the store — the decisions frozen in the quarter,
 * read as one range of the index decisions_frozen — and writes the form as an A4 landscape PDF
 * with its three signature blocks, or as a CSV. It only reads. docs/oversight.md, "22A-HSB and
 * 22B-HSB", says which date counts, where each figure comes from and what was chosen where the
 * form's sources are silent.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"

G_BEGIN_DECLS

#define CD_HSB_REPORT_ERROR (cd_hsb_report_error_quark ())

typedef enum
{
  CD_HSB_REPORT_ERROR_INVALID,   /* a quarter or form that does not exist */
  CD_HSB_REPORT_ERROR_QUERY,     /* the store could not be read */
  CD_HSB_REPORT_ERROR_WRITE,     /* the PDF or CSV could not be written */
} CdHsbReportError;

GQuark cd_hsb_report_error_quark (void);

typedef enum
{
  CD_HSB_FORM_22A,   /* sickness: own sickness, long-term disease, a sick child, recovery */
  CD_HSB_FORM_22B,   /* maternity, and recovery after maternity */
} CdHsbForm;

typedef enum
{
  CD_HSB_SECTION_TOTAL,       /* one row: every turn of the form */
  CD_HSB_SECTION_WORKPLACE,   /* I: by the type of the employer */
  CD_HSB_SECTION_AGE,         /* II: by age at the event */
  CD_HSB_SECTION_BENEFIT,     /* III: by sub-benefit */
} CdHsbSection;

enum
{
  CD_HSB_MALE,
  CD_HSB_FEMALE,
  CD_HSB_N_SEXES,
};

/* The sums one cell (a row, one sex) is made of; the averages divide them. */
typedef struct
{
  guint   turns;
  gint64  age_years;            /* sum of the ages at the event, whole years */
  gint64  contribution_months;  /* sum of the months contributed before the leave */
  guint   salary_turns;         /* turns whose benefit salary is known */
  gint64  salary;               /* sum of those salaries, VND */
  double  days;                 /* sum of the days paid (half days allowed) */
  gint64  amount;               /* sum of the decided amounts, VND */
} CdHsbCell;

typedef struct
{
  CdHsbSection  section;
  const char   *key;        /* stable: "total", "public-sector", "age_21_30", "childbirth", … */
  const char   *label_vi;   /* the form's wording */
  const char   *label_en;
  CdHsbCell     cells[CD_HSB_N_SEXES];
} CdHsbRow;

typedef struct
{
  CdHsbForm  form;
  int        year;
  int        quarter;        /* 1–4 */
  char      *from;           /* YYYY-MM-DD, the quarter's first day (office's local date) */
  char      *to;             /* YYYY-MM-DD, its last day */
  char      *office_code;    /* NULL when the store has no office */
  char      *office_name;
  char      *office_place;   /* the office's province, for "…, ngày …" */
  char      *office_parent;  /* the body above it (setting office.parent), or NULL */
  GArray    *rows;           /* of CdHsbRow: the total, then sections I, II, III in form order */
} CdHsbReport;

void         cd_hsb_report_free        (CdHsbReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdHsbReport, cd_hsb_report_free)

/* "22A-HSB" / "22B-HSB", and back from "hsb22a", "22a", "22A-HSB" (any case). */
const char  *cd_hsb_form_to_string     (CdHsbForm     form);
gboolean     cd_hsb_form_from_string   (const char   *text,
                                        CdHsbForm    *out);

/* "2026-Q3" (or "2026-q3", "Q3-2026"). */
gboolean     cd_hsb_quarter_parse      (const char   *text,
                                        int          *year,
                                        int          *quarter);

/* The form for the quarter, counted on `db` (a reader will do). */
CdHsbReport *cd_hsb_report_build       (CdDatabase   *db,
                                        CdHsbForm     form,
                                        int           year,
                                        int           quarter,
                                        GError      **error);
/* The same on a reader of its own, in a worker thread. */
void         cd_hsb_report_build_async (const char          *db_path,
                                        CdHsbForm            form,
                                        int                  year,
                                        int                  quarter,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
CdHsbReport *cd_hsb_report_build_finish (GAsyncResult       *result,
                                         GError            **error);

typedef enum
{
  CD_HSB_FORMAT_PDF,
  CD_HSB_FORMAT_CSV,
} CdHsbFormat;

/* Counts the form on a reader of its own and writes it to `path`, all in a worker thread: what a
 * window does, since neither the count nor the disk may hold the main loop. */
void         cd_hsb_report_export_async  (const char          *db_path,
                                          CdHsbForm            form,
                                          int                  year,
                                          int                  quarter,
                                          CdHsbFormat          format,
                                          const char          *path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean     cd_hsb_report_export_finish (GAsyncResult       *result,
                                          GError            **error);

/* The query of one quarter (?1 and ?2 the UTC bounds, ?3 the benefit family, ?4 the recovery
 * case, ?5 and ?6 the claim statuses queued and synced), for a test to EXPLAIN. */
const char  *cd_hsb_report_get_query   (void);

/* The averages of a cell: 0 when it has no turns (or no known salary). */
double       cd_hsb_cell_average_age        (const CdHsbCell *cell);
double       cd_hsb_cell_average_years      (const CdHsbCell *cell);
double       cd_hsb_cell_average_salary     (const CdHsbCell *cell);
double       cd_hsb_cell_average_days       (const CdHsbCell *cell);

/* The row with `key`, or NULL. */
const CdHsbRow *cd_hsb_report_find_row (const CdHsbReport *report,
                                        const char        *key);

/* The CSV: UTF-8 with a BOM, CRLF lines, the form's Vietnamese headings; written atomically. */
gboolean     cd_hsb_report_write_csv   (const CdHsbReport  *report,
                                        const char         *path,
                                        GError            **error);
char        *cd_hsb_report_to_csv      (const CdHsbReport  *report);
/* The PDF: A4 landscape, the title block, the table and the three signature blocks. */
gboolean     cd_hsb_report_render_pdf  (const CdHsbReport  *report,
                                        const char         *path,
                                        GError            **error);

G_END_DECLS
