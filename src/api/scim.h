/* SCIM 2.0 provisioning at /scim/v2 (api/scim.c): its own small dispatcher,
 * since SCIM has its own media type and error shape. */
#ifndef MENTORD_API_SCIM_H
#define MENTORD_API_SCIM_H
#include "http/http.h"

/* Adds the /scim/v2 routes to the router (the composition root calls it). */
void scim_routes(void);

#endif
