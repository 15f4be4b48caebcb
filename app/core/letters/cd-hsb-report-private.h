/* cd-hsb-report-private.h — what the counting and the PDF of the forms 22A/22B-HSB share.
 *
 * The form is the agency's and is printed in Vietnamese whatever the workstation's language: its
 * row labels and headings are the form's wording, not user-interface strings, so they are not
 * translated; each row also carries an English label for the JSON of the command line.
 */
#pragma once

#include "cd-format.h"
#include "cd-hsb-report.h"
#include "cd-letter-parts.h"

G_BEGIN_DECLS

typedef struct
{
  const char *key;
  const char *vi;
  const char *en;
} CdHsbRowText;

/* The six measures of each cell, in the form's column order. */
#define CD_HSB_N_MEASURES 6

extern const CdHsbRowText cd_hsb_workplace_rows[];
extern const CdHsbRowText cd_hsb_age_rows[];
extern const char * const cd_hsb_measure_headings[CD_HSB_N_MEASURES];

const CdHsbRowText *cd_hsb_benefit_rows        (CdHsbForm           form);
const char         *cd_hsb_section_label       (CdHsbSection        section);
/* The figure of `measure` (0 turns … 5 amount); Vietnamese marks in print, plain for the CSV. */
char               *cd_hsb_cell_figure         (const CdHsbCell    *cell,
                                                guint               measure,
                                                gboolean            for_csv);
/* Atomic write of the form through `write`; the error names the form and the path. */
gboolean            cd_hsb_report_write_to_path (const CdHsbReport *report,
                                                 const char        *path,
                                                 CdLetterWriteFunc  write,
                                                 GError           **error);

G_END_DECLS
