/* cd-claim-section.h — one part of the claim view (overview, evidence, checks, findings,
 * computation, history), as GNOME Calendar's event editor has its sections.
 *
 * The view reads the claim once (CdClaimDetails) and hands it to every section; each section
 * shows its part and nothing else, and keeps nothing of the details after set_details returns.
 * Sections name their lists so the view can answer for them (cd_claim_view_count_rows).
 */
#pragma once

#include <gtk/gtk.h>

#include "cd-claim-details.h"

G_BEGIN_DECLS

#define CD_TYPE_CLAIM_SECTION (cd_claim_section_get_type ())
G_DECLARE_INTERFACE (CdClaimSection, cd_claim_section, CD, CLAIM_SECTION, GtkWidget)

struct _CdClaimSectionInterface
{
  GTypeInterface parent_iface;

  void         (*set_details) (CdClaimSection       *self,
                               const CdClaimDetails *details);
  GtkListBox  *(*get_list)    (CdClaimSection       *self,
                               const char           *name);
};

/* Shows `details` (never NULL: a section is only shown with a claim). */
void        cd_claim_section_set_details (CdClaimSection       *self,
                                          const CdClaimDetails *details);
/* The section's list called `name` ("claim", "evidence"…), or NULL if it has none by that name. */
GtkListBox *cd_claim_section_get_list    (CdClaimSection       *self,
                                          const char           *name);

G_END_DECLS
