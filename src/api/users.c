/* Accounts are served by the generated endpoints (svc/user.c). What is left
 * here is the email check the participants' hand-written handlers still
 * call; it is the one text rule's (core/text.c). */
#include "api/api.h"
#include "core/text.h"

bool api_email_valid(const char *s)
{
	return text_email_ok(s);
}
