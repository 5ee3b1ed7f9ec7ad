#include "web/web.h"
#include <string.h>
void web_register(void) {}
void web_error(req_t *r, int status, const char *message)
{
	resp_text(r, status, "text/plain; charset=utf-8", message, strlen(message));
}
