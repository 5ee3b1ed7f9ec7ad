/* Profiles are served by the generated endpoints (svc/profile.c). What is
 * left here is the profile as a jansson value for the person page of
 * src/web/people.c, which builds its template context from it; it goes
 * when that page calls the profile services itself. */
#include "api/api.h"
#include "http/schema_io.h"
#include "svc/profile.h"

json_t *api_profile_json(const profile_t *p)
{
	/* The same shape as the API's answer, written by the same descriptor;
	 * never with the owner's avoid list. */
	arena_t *a = arena_new();
	Profile_t out;
	svc_profile_out(a, p, false, &out);
	json_t *o = sch_to_jansson(&sch_Profile, &out);
	arena_free(a);
	return o;
}
