/* gw-moh-docs.h — the MoH 130/4750 documents of one treatment episode, as hospitals write them.
 *
 * Each claim of the world is a treatment episode at a facility; which tables it produces follows
 * the case: XML1 always, XML7 (and XML8) for inpatient stays and births, XML9 for a birth, XML11
 * (CT07) for outpatient leave, XML13 for a referral. The texts are UTF-8 XML documents, ready to be
 * base64'd into NOIDUNGFILE.
 */
#pragma once

#include <glib.h>

#include "gw-world.h"

G_BEGIN_DECLS

typedef struct
{
  const char *code;   /* MACSKCB, 5 characters */
  const char *name;
} GwFacility;

typedef struct
{
  char *kind;   /* "XML1", "XML7"… */
  char *text;   /* the whole inner document */
} GwMohDocument;

void              gw_moh_document_free      (GwMohDocument *document);
const GwFacility *gw_facility_for           (const GwWorld *world,
                                             guint32        household,
                                             guint          event);
const GwFacility *gw_facility_other_than    (const GwFacility *facility);
const GwFacility *gw_facilities             (guint         *n_facilities);

/* The documents of one episode, appended to `documents` (GwMohDocument, owned). */
void              gw_moh_episode_documents  (const GwWorld       *world,
                                             const CdWorldPerson *patient,
                                             const CdWorldClaim  *claim,
                                             GPtrArray           *documents);

/* The medical assessment (XML12) for a person, or NULL when the council never sat for them. */
char             *gw_moh_assessment         (const GwWorld       *world,
                                             const CdWorldPerson *person);

G_END_DECLS
