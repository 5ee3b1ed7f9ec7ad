/* The relationship, agreement and closing operations are generated endpoints
 * (svc/relationship.c, svc/agreement.c). What is left here registers the
 * hand-written routes of the resources inside a relationship (goals,
 * meetings, the board, matching) until they move behind their services. */
#include "api/rel.h"

void api_relationships_register(void)
{
	api_meetings_register();
	api_matching_register();
}
