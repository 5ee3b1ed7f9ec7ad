/* Programs are served by the generated endpoints (svc/program.c); this
 * file registers the program's participant routes. */
#include "api/api.h"

void api_programs_register(void)
{
	api_participants_register();
}
