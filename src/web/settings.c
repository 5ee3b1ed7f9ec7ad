/* The person's own settings page: which notifications they get, immediately
 * or in a daily digest, and their personal calendar feed (create, rotate,
 * switch off). Every change goes through the API in process (apicall.h), so
 * the page follows the API's rules exactly. */
#include "web/apicall.h"
#include "web/page.h"

#include <string.h>

static const struct {
	const char *name, *label;
} topics[] = {
	{"meetings", "Meeting invitations, updates and cancellations"},
	{"messages", "New messages from your mentor or mentee"},
	{"reminders", "Reminders: meetings tomorrow, goals and action items coming due"},
	{"nudges", "Nudges when a relationship has gone quiet or one side does all the talking"},
	{"thank_you", "Thank-you notes when a relationship closes"},
};

static const page_opt_t hours[] = {
	{"6", "06:00"}, {"7", "07:00"}, {"8", "08:00"}, {"9", "09:00"}, {"10", "10:00"}, {"12", "12:00"},
	{"14", "14:00"}, {"17", "17:00"}, {"18", "18:00"}, {"20", "20:00"}, {NULL, NULL}};

static void show(req_t *r, int status, json_t *s, const char *notice, const char *alert, const char *feed)
{
	json_t *ctx = page_ctx(r, "Notifications and calendar", "settings");
	json_t *list = json_array(), *modes = json_array();
	for (size_t i = 0; i < sizeof(topics) / sizeof(topics[0]); i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "name", topics[i].name, "label",
			topics[i].label, "on", json_is_true(json_object_get(s, topics[i].name))));
	const char *mode = json_string_value(json_object_get(s, "mode"));
	json_array_append_new(modes, json_pack("{s:s, s:s, s:b}", "value", "immediate", "label",
		"As they happen", "on", !mode || !strcmp(mode, "immediate")));
	json_array_append_new(modes, json_pack("{s:s, s:s, s:b}", "value", "digest", "label",
		"In one daily digest", "on", mode && !strcmp(mode, "digest")));
	const char *hour = arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(s, "digest_hour")));
	json_t *f = json_object();
	json_object_set_new(f, "digest_hour", page_select("digest_hour", "Digest time (your time zone)", hours,
							  hour, NULL, NULL));
	json_object_set_new(ctx, "f", f);
	json_object_set_new(ctx, "topics", list);
	json_object_set_new(ctx, "modes", modes);
	if (notice)
		json_object_set_new(ctx, "notice", page_str(notice));
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	if (feed)
		json_object_set_new(ctx, "feed_url", page_str(feed));
	page_render(r, status, "settings", ctx);
}

/* Loads the settings and shows them with an optional message. */
static void load_and_show(req_t *r, int status, const char *notice, const char *alert, const char *feed)
{
	api_result_t res;
	web_api(r, "GET", "/api/v1/me/notifications", NULL, &res);
	if (res.status != 200) {
		web_error(r, res.status >= 400 ? res.status : 500, res.message ? res.message : "Cannot load your settings.");
		api_result_free(&res);
		return;
	}
	show(r, status, res.body, notice, alert, feed);
	api_result_free(&res);
}

static void edit(req_t *r)
{
	load_and_show(r, 200, http_query(r, "saved") ? "Your settings have been saved." : NULL, NULL, NULL);
}

static void save(req_t *r)
{
	json_t *body = json_object();
	for (size_t i = 0; i < sizeof(topics) / sizeof(topics[0]); i++)
		json_object_set_new(body, topics[i].name, json_boolean(http_form(r, topics[i].name) != NULL));
	const char *mode = http_form(r, "mode"), *hour = http_form(r, "digest_hour");
	int64_t h = 0;
	if (mode)
		json_object_set_new(body, "mode", json_string(mode));
	if (hour && page_parse_int(hour, 0, 23, &h))
		json_object_set_new(body, "digest_hour", json_integer(h));
	api_result_t res;
	web_api(r, "PUT", "/api/v1/me/notifications", body, &res);
	json_decref(body);
	if (res.status == 200)
		resp_redirect(r, "/settings?saved=1");
	else
		load_and_show(r, res.status, NULL, res.message, NULL);
	api_result_free(&res);
}

static void feed_create(req_t *r)
{
	api_result_t res;
	web_api(r, "POST", "/api/v1/me/calendar-token", NULL, &res);
	const char *url = res.status == 201 ? json_string_value(json_object_get(res.body, "url")) : NULL;
	/* Shown once, on this answer only: the server keeps just its hash. */
	load_and_show(r, res.status == 201 ? 200 : res.status, NULL, res.status == 201 ? NULL : res.message,
		      url ? arena_strdup(r->arena, url) : NULL);
	api_result_free(&res);
}

static void feed_revoke(req_t *r)
{
	api_result_t res;
	web_api(r, "DELETE", "/api/v1/me/calendar-token", NULL, &res);
	load_and_show(r, 200, res.status == 200 ? "Your calendar feed is switched off." : NULL,
		      res.status == 200 ? NULL : "You have no calendar feed to switch off.", NULL);
	api_result_free(&res);
}

void web_settings_register(void)
{
	static const route_t routes[] = {
		{"GET", "/settings", edit, ROUTE_WEB, NULL},
		{"POST", "/settings", save, ROUTE_WEB, NULL},
		{"POST", "/settings/calendar", feed_create, ROUTE_WEB, NULL},
		{"POST", "/settings/calendar/revoke", feed_revoke, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
