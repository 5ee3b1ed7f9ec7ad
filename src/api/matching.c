/* Matching is served by the generated endpoints: match runs and
 * recommendations by svc/matching.c, mentor requests by
 * svc/mentor_request.c (operations listMatchRuns ... declineMentorRequest
 * of openapi.json). Nothing is left to register by hand; the function stays
 * while api/relationships.c still calls it. */
#include "api/rel.h"

void api_matching_register(void)
{
}
