/* cd-enrolment.h — enrols a workstation with the central system: a one-time code, issued by
 * central to the office's administrator, is exchanged for the office's identity and credentials.
 *
 * The credential is handed back to the caller and never written anywhere here: the caller keeps
 * it in the OS keyring and gives it to CdContext (cd_context_set_office_credential). The exchange
 * is sent exactly once, never retried: the code is spent as soon as central answers, so an answer
 * lost on the way needs a new code. Recording the enrolment in the office store is
 * cd_office_setup_record_enrolment's job.
 */
#pragma once

#include <gio/gio.h>

#include "cd-http-client.h"
#include "cd-office-credential.h"

G_BEGIN_DECLS

#define CD_ENROLMENT_ERROR (cd_enrolment_error_quark ())

typedef enum
{
  CD_ENROLMENT_ERROR_INVALID_CODE,   /* not a code at all (empty, bad characters) */
  CD_ENROLMENT_ERROR_UNKNOWN_CODE,   /* central issued no such code */
  CD_ENROLMENT_ERROR_CODE_USED,      /* the code was exchanged before */
  CD_ENROLMENT_ERROR_CODE_EXPIRED,   /* the code is past its time */
  CD_ENROLMENT_ERROR_REFUSED,        /* central refused for another reason (its status given) */
  CD_ENROLMENT_ERROR_BAD_ANSWER,     /* the answer is not what the protocol says */
} CdEnrolmentError;

GQuark cd_enrolment_error_quark (void);

typedef struct
{
  char               *central_url;    /* where the workstation enrolled */
  char               *office_code;    /* e.g. BHXH-079-BT */
  char               *office_name;    /* e.g. Bảo hiểm xã hội quận Bình Thạnh */
  char               *province;       /* the province code, e.g. 079 */
  CdOfficeCredential *credential;     /* the caller stores it: the keyring, never the database */
} CdEnrolment;

CdEnrolment *cd_enrolment_copy            (const CdEnrolment    *enrolment);
void         cd_enrolment_free            (CdEnrolment          *enrolment);

/* Blocking (a worker thread, or the command line). Transport failures are CD_HTTP_ERROR, central's
 * refusals CD_ENROLMENT_ERROR with a message that says what to do. */
CdEnrolment *cd_enrolment_exchange       (CdHttpClient         *http,
                                          const char           *central_url,
                                          const char           *code,
                                          GCancellable         *cancellable,
                                          GError              **error);
void         cd_enrolment_exchange_async  (CdHttpClient         *http,
                                           const char           *central_url,
                                           const char           *code,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
CdEnrolment *cd_enrolment_exchange_finish (GAsyncResult         *result,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdEnrolment, cd_enrolment_free)

G_END_DECLS
