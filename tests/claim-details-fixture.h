/* claim-details-fixture.h — a seeded store made ready for the claim view: evidence, a cross-check,
 * evaluations and real accounts. Shared by test-claim-details and test-gui-claim-view.
 *
 * `claimdesk-cli seed` fills the store; the claimant of the first evaluated sickness claim then gets
 * the documents of two real signed envelopes (one trusted, one untrusted) and a population reply;
 * the trusted envelope was filed for someone else too, so the cross-check over them finds its
 * leave certificate's serial reused. Five evaluated sickness claims get an evaluation by the real
 * engine (`claimdesk-cli evaluate`), recorded by the officer.
 */
#pragma once

#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define DETAILS_PASSWORD "mật khẩu thử nghiệm"
#define DETAILS_N_CLAIMS 5

typedef struct
{
  char       *dir;
  char       *path;
  CdDatabase *db;           /* the writer connection */
  CdSession  *officer;      /* cv01, officer */
  CdSession  *sup1;         /* gs91, supervisor */
  CdSession  *sup2;         /* gs92, supervisor */
  /* Evaluated sickness claims, each with an evaluation; [0] also has evidence and findings. */
  char       *evaluated[DETAILS_N_CLAIMS];
  char       *queued;       /* a seeded claim decided and queued (frozen decision, approvals) */
} DetailsFixture;

void    details_fixture_init  (DetailsFixture *fx);
void    details_fixture_clear (DetailsFixture *fx);

gint64  details_int           (DetailsFixture *fx,
                               const char     *sql);
char   *details_text          (DetailsFixture *fx,
                               const char     *sql);

G_END_DECLS
