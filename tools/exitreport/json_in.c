/* json_in.c - recursive descent with a depth limit. */
#include "json_in.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 32
#define JSON_MAX_NODES (1 << 20)

struct parser {
	struct json_doc *doc;
	char *p;
	char *end;
	struct er_err *err;
};

static int fail(struct parser *ps, const char *what)
{
	return er_fail(ps->err, (uint64_t)(ps->p - ps->doc->buf), "JSON: %s", what);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

static int new_node(struct parser *ps, enum json_type type)
{
	struct json_doc *d = ps->doc;

	if (d->count == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;
		struct json_node *n;

		if (cap > JSON_MAX_NODES)
			return fail(ps, "too many values");
		n = realloc(d->nodes, (size_t)cap * sizeof(*n));
		if (!n)
			return fail(ps, "out of memory");
		d->nodes = n;
		d->cap = cap;
	}
	memset(&d->nodes[d->count], 0, sizeof(d->nodes[0]));
	d->nodes[d->count].type = type;
	d->nodes[d->count].child = -1;
	d->nodes[d->count].next = -1;
	return d->count++;
}

/* Unescape in place; only the escapes exitstat can produce plus \uXXXX < 0x80. */
static int parse_string(struct parser *ps, const char **text, size_t *len)
{
	char *out, *start;

	if (ps->p >= ps->end || *ps->p != '"')
		return fail(ps, "expected a string");
	start = out = ++ps->p;
	while (ps->p < ps->end && *ps->p != '"') {
		char c = *ps->p++;

		if (c == '\\') {
			if (ps->p >= ps->end)
				return fail(ps, "unterminated string");
			c = *ps->p++;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'u') {
				char hex[5] = { 0 };

				if (ps->end - ps->p < 4)
					return fail(ps, "bad \\u escape");
				memcpy(hex, ps->p, 4);
				ps->p += 4;
				c = (char)(strtoul(hex, NULL, 16) & 0x7f);
			}
		}
		*out++ = c;
	}
	if (ps->p >= ps->end)
		return fail(ps, "unterminated string");
	ps->p++;
	*text = start;
	*len = (size_t)(out - start);
	return 0;
}

static int parse_value(struct parser *ps, int depth);

static int parse_members(struct parser *ps, int node, int depth, bool object)
{
	char close = object ? '}' : ']';
	int prev = -1;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return node;
	}
	for (;;) {
		const char *key = NULL;
		size_t key_len = 0;
		int child;

		skip_ws(ps);
		if (object) {
			if (parse_string(ps, &key, &key_len) < 0)
				return -1;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p++ != ':')
				return fail(ps, "expected ':'");
		}
		child = parse_value(ps, depth + 1);
		if (child < 0)
			return -1;
		ps->doc->nodes[child].key = key;
		ps->doc->nodes[child].key_len = key_len;
		if (prev < 0)
			ps->doc->nodes[node].child = child;
		else
			ps->doc->nodes[prev].next = child;
		prev = child;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return node;
		}
		return fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int parse_literal(struct parser *ps, const char *word, enum json_type type, bool value)
{
	size_t n = strlen(word);
	int node;

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "unexpected character");
	ps->p += n;
	node = new_node(ps, type);
	if (node >= 0)
		ps->doc->nodes[node].boolean = value;
	return node;
}

static int parse_number(struct parser *ps)
{
	char *start = ps->p;
	int node;

	while (ps->p < ps->end && strchr("+-0123456789.eE", *ps->p))
		ps->p++;
	if (ps->p == start)
		return fail(ps, "unexpected character");
	node = new_node(ps, JSON_NUMBER);
	if (node < 0)
		return -1;
	ps->doc->nodes[node].text = start;
	ps->doc->nodes[node].len = (size_t)(ps->p - start);
	return node;
}

static int parse_value(struct parser *ps, int depth)
{
	int node;

	if (depth > JSON_MAX_DEPTH)
		return fail(ps, "nested too deeply");
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end");
	switch (*ps->p) {
	case '{':
	case '[':
		node = new_node(ps, *ps->p == '{' ? JSON_OBJECT : JSON_ARRAY);
		return node < 0 ? -1 : parse_members(ps, node, depth, *ps->p == '{');
	case '"':
		node = new_node(ps, JSON_STRING);
		if (node < 0)
			return -1;
		return parse_string(ps, &ps->doc->nodes[node].text, &ps->doc->nodes[node].len) < 0
			       ? -1 : node;
	case 't':
		return parse_literal(ps, "true", JSON_BOOL, true);
	case 'f':
		return parse_literal(ps, "false", JSON_BOOL, false);
	case 'n':
		return parse_literal(ps, "null", JSON_NULL, false);
	default:
		return parse_number(ps);
	}
}

int json_parse(struct json_doc *doc, const char *text, size_t len, struct er_err *err)
{
	struct parser ps = { doc, NULL, NULL, err };

	memset(doc, 0, sizeof(*doc));
	doc->buf = malloc(len + 1);
	if (!doc->buf)
		return er_fail(err, 0, "JSON: out of memory");
	memcpy(doc->buf, text, len);
	doc->buf[len] = '\0';
	ps.p = doc->buf;
	ps.end = doc->buf + len;
	for (;;) {
		int root;

		skip_ws(&ps);
		if (ps.p >= ps.end)
			break;
		if (doc->nroots == (int)(sizeof(doc->roots) / sizeof(doc->roots[0])))
			return fail(&ps, "too many top-level values");
		root = parse_value(&ps, 0);
		if (root < 0)
			return -1;
		doc->roots[doc->nroots++] = root;
	}
	return doc->nroots ? 0 : er_fail(err, 0, "JSON: empty");
}

int json_member(const struct json_doc *doc, int node, const char *key)
{
	size_t n = strlen(key);
	int c;

	if (node < 0 || doc->nodes[node].type != JSON_OBJECT)
		return -1;
	for (c = doc->nodes[node].child; c >= 0; c = doc->nodes[c].next)
		if (doc->nodes[c].key_len == n && memcmp(doc->nodes[c].key, key, n) == 0)
			return c;
	return -1;
}

bool json_u64(const struct json_doc *doc, int node, uint64_t *v)
{
	char buf[32];
	char *end;

	if (node < 0 || doc->nodes[node].type != JSON_NUMBER || doc->nodes[node].len >= sizeof(buf) ||
	    doc->nodes[node].text[0] == '-')
		return false;
	memcpy(buf, doc->nodes[node].text, doc->nodes[node].len);
	buf[doc->nodes[node].len] = '\0';
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return !errno && !*end;
}

bool json_string_is(const struct json_doc *doc, int node, const char *s)
{
	return node >= 0 && doc->nodes[node].type == JSON_STRING &&
	       doc->nodes[node].len == strlen(s) && memcmp(doc->nodes[node].text, s, strlen(s)) == 0;
}

void json_free(struct json_doc *doc)
{
	free(doc->buf);
	free(doc->nodes);
	memset(doc, 0, sizeof(*doc));
}
