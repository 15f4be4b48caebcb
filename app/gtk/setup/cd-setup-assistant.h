/* cd-setup-assistant.h — the administrator's assistant that connects a workstation to its office:
 *
 *   1. the central system's HTTPS address and the one-time enrolment code central issued,
 *      exchanged for the office's credentials (kept in the OS keyring, cd-secrets.h) and the
 *      office's code, name and province;
 *   2. central's signed configuration document: the four systems' addresses (never typed by hand)
 *      and the trust anchors for document signatures, each with its subject, validity and SHA-256
 *      fingerprint; more anchors can be imported from files;
 *   3. a connection check that says, per system, reachable or the exact reason.
 *
 * It opens by itself after the first administrator is made outside demo mode, and from the main
 * menu ("Set Up This Office…") for an administrator at any time; every step is audited by core
 * (cd-office-setup.h). Keyboard: Enter runs the step's main button, Alt+Left goes back, Escape
 * closes (the office can be set up later).
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_SETUP_ASSISTANT (cd_setup_assistant_get_type ())
G_DECLARE_FINAL_TYPE (CdSetupAssistant, cd_setup_assistant, CD, SETUP_ASSISTANT, AdwWindow)

typedef enum
{
  CD_SETUP_STEP_ENROL,
  CD_SETUP_STEP_CONFIGURATION,
  CD_SETUP_STEP_CHECK,
} CdSetupStep;

CdSetupAssistant *cd_setup_assistant_new        (GtkWindow        *parent,
                                                 CdContext        *context);

CdSetupStep       cd_setup_assistant_get_step   (CdSetupAssistant *self);
/* TRUE while an exchange, a fetch, a save or a check is under way. */
gboolean          cd_setup_assistant_is_busy    (CdSetupAssistant *self);
/* The message of the last failure, or NULL. */
const char       *cd_setup_assistant_get_error  (CdSetupAssistant *self);
/* The list of the connection check's results (one row per system, named by cd_system_to_string). */
GtkListBox       *cd_setup_assistant_get_results (CdSetupAssistant *self);
/* Adds the anchors in the PEM file at `path` as the "Import Certificate…" button does (tests). */
gboolean          cd_setup_assistant_import_file (CdSetupAssistant *self,
                                                  const char       *path,
                                                  GError          **error);

G_END_DECLS
