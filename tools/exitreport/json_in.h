/* json_in.h - a small JSON reader (for the guest's exitstat --json output).
 *
 * Parses into a flat array of nodes; objects and arrays know their first
 * child and every node its next sibling.  Numbers keep their text so
 * 64-bit integers are exact.
 */
#ifndef ER_JSON_IN_H
#define ER_JSON_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_node {
	enum json_type type;
	const char *key;	/* member name inside an object, else NULL */
	size_t key_len;
	const char *text;	/* number or string contents (strings unescaped in place) */
	size_t len;
	bool boolean;
	int child;		/* first child, -1 none */
	int next;		/* next sibling, -1 none */
};

struct json_doc {
	char *buf;		/* owned copy of the text */
	struct json_node *nodes;
	int count;
	int cap;
	int roots[64];		/* top-level values, in order */
	int nroots;
};

/* Parse TEXT (LEN bytes): one or more top-level values. */
int json_parse(struct json_doc *doc, const char *text, size_t len, struct er_err *err);

/* Member KEY of object NODE, or -1. */
int json_member(const struct json_doc *doc, int node, const char *key);

/* Integer value of a number node; false if not an unsigned integer. */
bool json_u64(const struct json_doc *doc, int node, uint64_t *v);

/* A string node's text equals S. */
bool json_string_is(const struct json_doc *doc, int node, const char *s);

void json_free(struct json_doc *doc);

#endif
