/* The fuzz targets' starting state: a small organisation built through the
 * API itself, the way its people would build it (fixture.c). */
#ifndef MENTORD_FUZZ_FIXTURE_H
#define MENTORD_FUZZ_FIXTURE_H
#include "harness.h"

#define FZ_PASSWORD "fuzz-password-1"

/* The cast and three more people the fixture acts as (they complete and
 * keep in touch); fz_run takes any of them. */
enum { FZ_MENTOR3 = FZ_NWHO, FZ_MENTEE3, FZ_MENTEE4, FZ_NCRED };

/* who@fuzz.mentord.test (static). */
const char *fixture_email(int who);
/* Creates the administrator through the services, as `mentord init` does. */
void fixture_admin(app_t *app);
/* Runs the fixture's requests; log_in is called for each person once they
 * exist, so later requests can be made as them. Aborts, saying which
 * request, when one does not answer as expected. */
void fixture_build(void (*log_in)(int who, const char *email));

#endif
