/* Application-level rules: one folder of materials is one application. */
#ifndef ICPCHECK_APPLICATION_H
#define ICPCHECK_APPLICATION_H

#include "report.h"
#include "result.h"
#include "types.h"

struct icp_application;

/** Starts an application for the folder `path` (copied). `entity` is the
 * one the user asked for, or ICP_ENTITY_AUTO: organisation when a business
 * licence is among the files. Messages are in `lang`. Caller frees with
 * icp_application_free(). */
struct icp_application *icp_application_new(const char *path,
                                            enum icp_entity entity,
                                            enum icp_lang lang);

/** Frees an application; NULL is a no-op. */
void icp_application_free(struct icp_application *app);

/** Adds one file's result (borrowed: the application copies the type,
 * verdict, content hash and the fields its rules read). */
void icp_application_add(struct icp_application *app,
                         const struct icp_result *file);

/** Runs the application's rules once its files are all added: required
 * materials for the entity (app.missing_material), the same bytes twice
 * (app.duplicate), an organisation's checklist without its seal
 * (checklist.seal_missing) and the cross-checks of fields
 * (app.fields_mismatch). Fills *out, whose strings and findings are owned
 * by the application and valid until it is freed. Calling it again gives
 * the same record. */
void icp_application_finish(struct icp_application *app,
                            struct icp_app_record *out);

#endif
