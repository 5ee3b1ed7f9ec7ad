/* The one place that knows every module's routes. */
#include "http/http.h"
#include "api/api.h"
#include "web/web.h"

void routes_register_all(void)
{
	api_register();
	web_register();
}
